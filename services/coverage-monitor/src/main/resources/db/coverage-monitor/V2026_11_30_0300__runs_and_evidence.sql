-- coverage-monitor's state, in its own schema (unqualified names: Flyway and the service's connections use the
-- schema as their search path). Everything here is written by this service's handlers and evaluations only.

-- Processor runs seen on processor-completions, processor-failures and stuck alerts. One row per run; the status
-- only moves up (stuck < failed < completed) so a redelivered or out-of-order event cannot undo a completion. The
-- row is locked while an event is merged into it.
CREATE TABLE coverage_runs (
  processor         VARCHAR(256) NOT NULL,
  data_date         DATE NOT NULL,
  run_id            VARCHAR(256) NOT NULL,
  status            VARCHAR(32) NOT NULL,
  status_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  records_written   BIGINT,
  detail            TEXT,
  stuck_detail      TEXT,
  correlation_id    VARCHAR(256),
  PRIMARY KEY (processor, data_date, run_id)
);
CREATE INDEX coverage_runs_date ON coverage_runs (data_date, status);
CREATE INDEX coverage_runs_at ON coverage_runs (status_at);

-- The latest roster verdict per check (pipeline.roster.stale / pipeline.roster.recovered): an upsert replaces it
-- only with a newer checked_at, so redeliveries and out-of-order arrivals leave the newest verdict in place.
CREATE TABLE coverage_roster_checks (
  check_name      VARCHAR(256) NOT NULL PRIMARY KEY,
  checked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  stale           BOOLEAN NOT NULL,
  severity        VARCHAR(16),
  correlation_id  VARCHAR(256)
);
-- The teams the check's newest verdict names (replaced with it).
CREATE TABLE coverage_roster_teams (
  check_name          VARCHAR(256) NOT NULL REFERENCES coverage_roster_checks (check_name) ON DELETE CASCADE,
  team                VARCHAR(64) NOT NULL,
  state               VARCHAR(16) NOT NULL,
  latest_roster_date  DATE,
  age_days            INTEGER,
  PRIMARY KEY (check_name, team)
);

-- Other pipeline alerts that explain gaps: input.stale and backfill.abandoned (and late heartbeats, for display).
-- Stored once under their key; a redelivery inserts nothing.
CREATE TABLE coverage_pipeline_alerts (
  alert_key       VARCHAR(600) NOT NULL PRIMARY KEY,
  kind            VARCHAR(64) NOT NULL,
  subject         VARCHAR(256) NOT NULL,
  data_date       DATE,
  severity        VARCHAR(16),
  detail          TEXT,
  detected_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  correlation_id  VARCHAR(256)
);
CREATE INDEX coverage_pipeline_alerts_date ON coverage_pipeline_alerts (data_date);
CREATE INDEX coverage_pipeline_alerts_at ON coverage_pipeline_alerts (detected_at);
