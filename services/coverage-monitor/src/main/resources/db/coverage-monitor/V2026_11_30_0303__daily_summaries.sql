-- The daily health summary published for each date, as published (the event's JSON): the row is inserted in the
-- transaction that adds the event to the outbox, so a date's summary is published once, and GET /summary/{date}
-- serves it for as long as it is kept (the outbox prunes sent events; this table does not).
CREATE TABLE coverage_daily_summaries (
  summary_date  DATE NOT NULL PRIMARY KEY,
  event_id      VARCHAR(512) NOT NULL,
  summary       TEXT NOT NULL,
  generated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
