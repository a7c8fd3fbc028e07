-- The event archive, locally: the shape Pub/Sub BigQuery subscriptions write with write_metadata (infra/ declares
-- the real one in BigQuery): one row per message per <topic>--archive subscription. The launcher's archive writer
-- fills it; replay reads it.
CREATE SCHEMA IF NOT EXISTS rebound_events;
CREATE TABLE IF NOT EXISTS rebound_events.events (
  subscription_name VARCHAR(256) NOT NULL,
  message_id        VARCHAR(128) NOT NULL,
  publish_time      TIMESTAMP WITH TIME ZONE NOT NULL,
  attributes        TEXT NOT NULL,
  data              BYTEA,
  -- publish_time too: a restarted emulator numbers its message ids from 1 again (a redelivery keeps its publish time)
  PRIMARY KEY (subscription_name, message_id, publish_time)
);
CREATE INDEX IF NOT EXISTS events_publish_time ON rebound_events.events (publish_time);
