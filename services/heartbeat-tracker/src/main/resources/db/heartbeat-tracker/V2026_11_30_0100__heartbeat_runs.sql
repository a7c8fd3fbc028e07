-- heartbeat-tracker's state, in its own schema. One row per processor run. The lifecycle columns are written by the
-- event handlers (each in its message's transaction, the row locked); the stuck_* columns only by the sweep that won
-- the verdict (a guarded UPDATE), in the same transaction as the outbox rows that announce it.
CREATE TABLE heartbeat_runs (
  processor              VARCHAR(256) NOT NULL,
  run_id                 VARCHAR(256) NOT NULL,
  data_date              DATE NOT NULL,
  run_trigger            VARCHAR(32),
  backfill_id            VARCHAR(256),
  started_at             TIMESTAMP WITH TIME ZONE,
  last_heartbeat_at      TIMESTAMP WITH TIME ZONE,
  last_seen_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  heartbeat_interval_s   INTEGER NOT NULL,
  interval_from_start    BOOLEAN NOT NULL,
  progress_done          BIGINT,
  progress_total         BIGINT,
  state                  VARCHAR(16) NOT NULL,
  ended_at               TIMESTAMP WITH TIME ZONE,
  records_written        BIGINT,
  failure_reason         VARCHAR(32),
  failure_message        TEXT,
  late_heartbeat_at      TIMESTAMP WITH TIME ZONE,
  stuck_detected_at      TIMESTAMP WITH TIME ZONE,
  stuck_last_seen_at     TIMESTAMP WITH TIME ZONE,
  stuck_silent_for_s     DOUBLE PRECISION,
  stuck_threshold_s      DOUBLE PRECISION,
  stuck_correlation_id   VARCHAR(1024),
  row_version            BIGINT NOT NULL,
  updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (processor, run_id)
);
-- The sweep reads only running runs: a partial index keeps that read small however many runs have ended.
CREATE INDEX heartbeat_runs_running ON heartbeat_runs (processor) WHERE state = 'running';
CREATE INDEX heartbeat_runs_date ON heartbeat_runs (data_date, processor);
CREATE INDEX heartbeat_runs_seen ON heartbeat_runs (last_seen_at);
CREATE INDEX heartbeat_runs_stuck ON heartbeat_runs (processor, stuck_detected_at) WHERE stuck_detected_at IS NOT NULL;
CREATE INDEX heartbeat_runs_ended ON heartbeat_runs (processor, ended_at) WHERE ended_at IS NOT NULL;
