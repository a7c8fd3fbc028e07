-- roster-watcher's state, in its own schema (roster_watcher; Flyway runs with it as the search path). The events a
-- decision publishes go into the runtime's outbox table in the same transaction as the rows below.

-- The bridge's durable record of every Cloud Storage object version that matched a scraper. One row per object
-- generation: a redelivered or same-generation notification finds its row and records nothing new. All writes for
-- one (scraper, data_date) happen under that group's transaction-scoped advisory lock, so recording, counting and
-- claiming a group are serialized across instances. batch_id is set when the row is claimed into a scraper
-- completion: it is that completion's ce-id, derived from the object versions it lists, and the claim commits with
-- the completion's outbox row or not at all.
CREATE TABLE roster_bridge_objects (
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
  PRIMARY KEY (bucket, object_name, generation),
  CONSTRAINT roster_bridge_objects_claim CHECK ((batch_id IS NULL) = (batched_at IS NULL))
);
CREATE INDEX roster_bridge_objects_group ON roster_bridge_objects (scraper, data_date);
-- The flush reads only unclaimed rows, every few seconds: a partial index keeps that read small.
CREATE INDEX roster_bridge_objects_pending ON roster_bridge_objects (scraper, data_date, received_at)
  WHERE batch_id IS NULL;

-- Input-stale alerts already raised: one per scraper, data date and verdict. The row is the decision: it is
-- inserted (ON CONFLICT DO NOTHING) in the same transaction as the alert's outbox row.
CREATE TABLE roster_bridge_input_alerts (
  scraper       VARCHAR(128) NOT NULL,
  data_date     DATE NOT NULL,
  verdict       VARCHAR(32) NOT NULL CHECK (verdict IN ('no_objects', 'incomplete')),
  objects_seen  INTEGER NOT NULL,
  detected_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  event_id      VARCHAR(64) NOT NULL,
  PRIMARY KEY (scraper, data_date, verdict)
);

-- The last roster-freshness verdict per configured check, so the same verdict on the same data is never published
-- twice in a row. A check locks its row (SELECT ... FOR UPDATE) before reading the rosters, so checks of one name
-- decide one after the other. fingerprint: a hash of the stale teams (with their latest dates) and missing teams.
CREATE TABLE roster_verdicts (
  check_name      VARCHAR(128) NOT NULL PRIMARY KEY,
  verdict         VARCHAR(16) NOT NULL CHECK (verdict IN ('fresh', 'stale')),
  fingerprint     VARCHAR(64) NOT NULL,
  checked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  stale_teams     INTEGER NOT NULL,
  missing_teams   INTEGER NOT NULL,
  correlation_id  VARCHAR(256),
  event_id        VARCHAR(64)
);
