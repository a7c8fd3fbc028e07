-- roster-watcher's tables (H2 dialect; BigQuery's are declared in infra/). ${state} is rebound.warehouse.state-dataset.
CREATE SCHEMA IF NOT EXISTS ${state};

-- The bridge's durable record of every Cloud Storage object version that matched a scraper. One row per object
-- generation: a redelivered or same-generation notification finds its row and records nothing new. batch_id is
-- set when the row is claimed into a scraper completion (the completion's ce-id), published_at once Pub/Sub
-- accepted it; rows claimed but not published are published again (same ce-id) after a crash.
CREATE TABLE IF NOT EXISTS ${state}.roster_bridge_objects (
  bucket        VARCHAR(256) NOT NULL,
  object_name   VARCHAR(1024) NOT NULL,
  generation    BIGINT NOT NULL,
  scraper       VARCHAR(128) NOT NULL,
  data_date     DATE NOT NULL,
  object_key    VARCHAR(1024) NOT NULL,
  event_time    TIMESTAMP WITH TIME ZONE,
  received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  batch_id      VARCHAR(64),
  batched_at    TIMESTAMP WITH TIME ZONE,
  published_at  TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (bucket, object_name, generation)
);
CREATE INDEX IF NOT EXISTS roster_bridge_objects_group ON ${state}.roster_bridge_objects (scraper, data_date);
CREATE INDEX IF NOT EXISTS roster_bridge_objects_batch ON ${state}.roster_bridge_objects (batch_id);

-- Input-stale alerts already raised: one per scraper, data date and verdict (no_objects, incomplete).
CREATE TABLE IF NOT EXISTS ${state}.roster_bridge_input_alerts (
  scraper       VARCHAR(128) NOT NULL,
  data_date     DATE NOT NULL,
  verdict       VARCHAR(32) NOT NULL,
  objects_seen  INT NOT NULL,
  detected_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  event_id      VARCHAR(64) NOT NULL,
  PRIMARY KEY (scraper, data_date, verdict)
);

-- The last published roster-freshness verdict per configured check, so the same verdict on the same data is never
-- published twice in a row. fingerprint: a hash of the stale teams (with their latest dates) and missing teams.
CREATE TABLE IF NOT EXISTS ${state}.roster_verdicts (
  check_name      VARCHAR(128) NOT NULL,
  verdict         VARCHAR(16) NOT NULL,
  fingerprint     VARCHAR(64) NOT NULL,
  checked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  stale_teams     INT NOT NULL,
  missing_teams   INT NOT NULL,
  correlation_id  VARCHAR(256),
  event_id        VARCHAR(64),
  PRIMARY KEY (check_name)
);
