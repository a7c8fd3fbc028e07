-- heartbeat-tracker's state (H2 dialect; BigQuery's table is declared in infra/). ${state} is rebound.warehouse.state-dataset.
CREATE SCHEMA IF NOT EXISTS ${state};

-- One row per processor run. The lifecycle columns are written by the event handlers (optimistic concurrency on
-- row_version); the stuck_* and *_published columns only by the sweep that won the verdict and by the publisher.
CREATE TABLE IF NOT EXISTS ${state}.heartbeat_runs (
  processor              VARCHAR(256) NOT NULL,
  run_id                 VARCHAR(256) NOT NULL,
  data_date              DATE NOT NULL,
  run_trigger            VARCHAR(32),
  backfill_id            VARCHAR(256),
  started_at             TIMESTAMP(9) WITH TIME ZONE,
  last_heartbeat_at      TIMESTAMP(9) WITH TIME ZONE,
  last_seen_at           TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  heartbeat_interval_s   INTEGER NOT NULL,
  interval_from_start    BOOLEAN NOT NULL,
  progress_done          BIGINT,
  progress_total         BIGINT,
  state                  VARCHAR(16) NOT NULL,
  ended_at               TIMESTAMP(9) WITH TIME ZONE,
  records_written        BIGINT,
  failure_reason         VARCHAR(32),
  failure_message        VARCHAR(65536),
  late_heartbeat_at      TIMESTAMP(9) WITH TIME ZONE,
  stuck_detected_at      TIMESTAMP(9) WITH TIME ZONE,
  stuck_last_seen_at     TIMESTAMP(9) WITH TIME ZONE,
  stuck_silent_for_s     DOUBLE PRECISION,
  stuck_threshold_s      DOUBLE PRECISION,
  stuck_correlation_id   VARCHAR(1024),
  stuck_alert_published  BOOLEAN NOT NULL,
  stuck_failed_published BOOLEAN NOT NULL,
  late_published         BOOLEAN NOT NULL,
  publish_claimed_until  TIMESTAMP(9) WITH TIME ZONE,
  row_version            BIGINT NOT NULL,
  updated_at             TIMESTAMP(9) WITH TIME ZONE NOT NULL,
  PRIMARY KEY (processor, run_id)
);
CREATE INDEX IF NOT EXISTS heartbeat_runs_state ON ${state}.heartbeat_runs (state);
CREATE INDEX IF NOT EXISTS heartbeat_runs_date ON ${state}.heartbeat_runs (data_date, processor);
CREATE INDEX IF NOT EXISTS heartbeat_runs_stuck ON ${state}.heartbeat_runs (stuck_detected_at);
