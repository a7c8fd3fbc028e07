-- Until when missing-input verdicts wait for notifications still on their way (one row, shared by every instance).
-- A Cloud Storage notification delivered later than the allowed delay after Pub/Sub accepted it means the
-- subscription is draining a backlog, and a backlog drains out of order: files that landed on time may still be
-- queued behind a retry backoff. hold_until only ever moves forward (GREATEST), so a redelivered or overtaken
-- notification changes nothing; lateness_ms is how late the notification that last extended it was.
CREATE TABLE roster_bridge_verdict_hold (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  hold_until   TIMESTAMP WITH TIME ZONE NOT NULL,
  lateness_ms  BIGINT NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
