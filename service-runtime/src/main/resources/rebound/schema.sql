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
