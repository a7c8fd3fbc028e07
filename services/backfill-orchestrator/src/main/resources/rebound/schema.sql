-- backfill-orchestrator's tables (H2 dialect; BigQuery's are declared in infra/). ${state} = the state dataset.
CREATE SCHEMA IF NOT EXISTS ${state};

-- One row per repair plan; cause_chain is the JSON list of causes carried by every lifecycle event.
CREATE TABLE IF NOT EXISTS ${state}.backfill_plans (
  plan_id          VARCHAR(64) NOT NULL PRIMARY KEY,
  root_processor   VARCHAR(256) NOT NULL,
  root_data_date   DATE NOT NULL,
  reason           VARCHAR(1024) NOT NULL,
  status           VARCHAR(16) NOT NULL,
  correlation_id   VARCHAR(256) NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  earliest_tipoff_at TIMESTAMP WITH TIME ZONE,
  closed_at        TIMESTAMP WITH TIME ZONE,
  close_reason     VARCHAR(2048),
  cause_chain      VARCHAR(65536) NOT NULL
);
CREATE INDEX IF NOT EXISTS backfill_plans_status ON ${state}.backfill_plans (status);

-- One row per step; attempts and triggered_at are written before the trigger is published.
CREATE TABLE IF NOT EXISTS ${state}.backfill_steps (
  plan_id           VARCHAR(64) NOT NULL,
  step_id           VARCHAR(300) NOT NULL,
  seq               INT NOT NULL,
  processor         VARCHAR(256) NOT NULL,
  data_date         DATE NOT NULL,
  depends_on        VARCHAR(4096) NOT NULL,
  state             VARCHAR(16) NOT NULL,
  attempts          INT NOT NULL,
  triggered_at      TIMESTAMP WITH TIME ZONE,
  next_attempt_at   TIMESTAMP WITH TIME ZONE,
  done_at           TIMESTAMP WITH TIME ZONE,
  degraded          BOOLEAN NOT NULL,
  upstream_coverage DOUBLE PRECISION,
  followed_up       BOOLEAN NOT NULL,
  run_id            VARCHAR(256),
  detail            VARCHAR(2048),
  superseded_run_id VARCHAR(256),
  PRIMARY KEY (plan_id, step_id)
);

-- What the orchestrator saw of each run: completion, failure, stuck verdict, late heartbeat, stale input, coverage.
CREATE TABLE IF NOT EXISTS ${state}.backfill_runs (
  processor       VARCHAR(256) NOT NULL,
  data_date       DATE NOT NULL,
  completed_at    TIMESTAMP WITH TIME ZONE,
  run_id          VARCHAR(256),
  failed_at       TIMESTAMP WITH TIME ZONE,
  broken_run_id   VARCHAR(256),
  failure_reason  VARCHAR(64),
  stuck_at        TIMESTAMP WITH TIME ZONE,
  alive_at        TIMESTAMP WITH TIME ZONE,
  stale_at        TIMESTAMP WITH TIME ZONE,
  coverage        DOUBLE PRECISION,
  coverage_at     TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (processor, data_date)
);
