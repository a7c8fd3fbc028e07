-- The runtime's tables, created in every service's own schema (Flyway runs with it as the search path).
-- Versions are dates on one timeline shared with every service's own migrations (db/<service>), so a migration
-- added anywhere later always sorts after everything already applied.

-- Idempotency ledger: the ce-ids this service has fully processed. The row is written in the same transaction as
-- the handler's state change; its primary key serializes concurrent deliveries of one message across instances.
CREATE TABLE processed_events (
  consumer     VARCHAR(128) NOT NULL,
  ce_id        VARCHAR(512) NOT NULL,
  processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (consumer, ce_id)
);
CREATE INDEX processed_events_at ON processed_events (processed_at);

-- Transactional outbox: an event a handler must publish is a row written in the same transaction as the state
-- change that decided it; the relay publishes it after the commit with the ce-id fixed here (so a re-publish after
-- a timeout is a duplicate consumers drop) and marks it sent. Rows of one ordering_key are published in id order.
CREATE TABLE outbox (
  id           BIGSERIAL PRIMARY KEY,
  event_id     VARCHAR(512) NOT NULL UNIQUE,
  topic        VARCHAR(256) NOT NULL,
  ce_type      VARCHAR(256) NOT NULL,
  ordering_key VARCHAR(512),
  attributes   TEXT NOT NULL,
  data         BYTEA NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
  available_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT,
  sent_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_unsent_key ON outbox (ordering_key, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
