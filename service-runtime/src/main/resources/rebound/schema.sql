-- The runtime's tables (H2 dialect; BigQuery's are declared in infra/). ${state} is rebound.warehouse.state-dataset.
CREATE SCHEMA IF NOT EXISTS ${state};

-- Idempotency ledger: ce-ids a consumer has fully processed. Pruned after rebound.idempotency.retention.
CREATE TABLE IF NOT EXISTS ${state}.processed_events (
  consumer     VARCHAR(128) NOT NULL,
  ce_id        VARCHAR(512) NOT NULL,
  processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (consumer, ce_id)
);
CREATE INDEX IF NOT EXISTS processed_events_at ON ${state}.processed_events (processed_at);

-- The event archive, in the shape Pub/Sub BigQuery subscriptions write with write_metadata (infra/): one row per
-- message per <topic>--archive subscription. Locally the launcher's archive subscriber writes it; replay reads it.
CREATE SCHEMA IF NOT EXISTS rebound_events;
CREATE TABLE IF NOT EXISTS rebound_events.events (
  subscription_name VARCHAR(256) NOT NULL,
  message_id        VARCHAR(128) NOT NULL,
  publish_time      TIMESTAMP WITH TIME ZONE NOT NULL,
  attributes        VARCHAR(65536) NOT NULL,
  data              VARBINARY(10485760),
  PRIMARY KEY (subscription_name, message_id)
);
CREATE INDEX IF NOT EXISTS events_publish_time ON rebound_events.events (publish_time);
