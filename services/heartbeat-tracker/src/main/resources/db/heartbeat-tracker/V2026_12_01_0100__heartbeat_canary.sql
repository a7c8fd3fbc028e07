-- The heartbeat canaries delivered back to heartbeat-tracker (one row, shared by every instance). delivered_through
-- is the send time of the newest one back: heartbeats published before it have had their chance to arrive, so a
-- run's silence is judged only up to it (plus the allowed delay) while the stream is late. A canary that comes back
-- later than allowed means a backlog is draining, out of order: hold_verdicts_until keeps verdicts back for as long
-- as it was late (at most the restart grace) after it arrived.
CREATE TABLE heartbeat_canary (
  id                   INTEGER PRIMARY KEY CHECK (id = 1),
  delivered_through    TIMESTAMP WITH TIME ZONE NOT NULL,
  received_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  hold_verdicts_until  TIMESTAMP WITH TIME ZONE
);
