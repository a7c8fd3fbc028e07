-- coverage-monitor's own tables (H2 dialect; BigQuery's are declared in infra/). ${state} = rebound.warehouse.state-dataset.
CREATE SCHEMA IF NOT EXISTS ${state};

-- Processor runs seen on processor-completions, processor-failures and stuck alerts. One row per run; the status
-- only moves up (stuck < failed < completed) so a redelivered or out-of-order event cannot undo a completion.
CREATE TABLE IF NOT EXISTS ${state}.coverage_runs (
  processor         VARCHAR(256) NOT NULL,
  data_date         DATE NOT NULL,
  run_id            VARCHAR(256) NOT NULL,
  status            VARCHAR(32) NOT NULL,
  status_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  records_written   BIGINT,
  detail            VARCHAR(2000),
  stuck_detail      VARCHAR(1000),
  correlation_id    VARCHAR(256),
  PRIMARY KEY (processor, data_date, run_id)
);
CREATE INDEX IF NOT EXISTS coverage_runs_date ON ${state}.coverage_runs (data_date);
CREATE INDEX IF NOT EXISTS coverage_runs_at ON ${state}.coverage_runs (status_at);

-- The latest roster verdict per check (pipeline.roster.stale / pipeline.roster.recovered), newest checked_at wins.
CREATE TABLE IF NOT EXISTS ${state}.coverage_roster_checks (
  check_name   VARCHAR(256) NOT NULL PRIMARY KEY,
  checked_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  stale        BOOLEAN NOT NULL,
  severity     VARCHAR(16),
  correlation_id VARCHAR(256)
);
CREATE TABLE IF NOT EXISTS ${state}.coverage_roster_teams (
  check_name          VARCHAR(256) NOT NULL,
  team                VARCHAR(64) NOT NULL,
  state               VARCHAR(16) NOT NULL,
  latest_roster_date  DATE,
  age_days            INT,
  PRIMARY KEY (check_name, team)
);

-- Other pipeline alerts that explain gaps: input.stale and backfill.abandoned (and late heartbeats, for display).
CREATE TABLE IF NOT EXISTS ${state}.coverage_pipeline_alerts (
  alert_key       VARCHAR(600) NOT NULL PRIMARY KEY,
  kind            VARCHAR(64) NOT NULL,
  subject         VARCHAR(256) NOT NULL,
  data_date       DATE,
  severity        VARCHAR(16),
  detail          VARCHAR(2000),
  detected_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  correlation_id  VARCHAR(256)
);
CREATE INDEX IF NOT EXISTS coverage_pipeline_alerts_date ON ${state}.coverage_pipeline_alerts (data_date);

-- Repair plans and their steps from backfill-events.
CREATE TABLE IF NOT EXISTS ${state}.coverage_plans (
  plan_id            VARCHAR(256) NOT NULL PRIMARY KEY,
  root_processor     VARCHAR(256),
  root_data_date     DATE,
  reason             VARCHAR(2000),
  state              VARCHAR(32) NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE,
  finished_at        TIMESTAMP WITH TIME ZONE,
  detail             VARCHAR(2000),
  earliest_tipoff_at TIMESTAMP WITH TIME ZONE,
  correlation_id     VARCHAR(256)
);
CREATE TABLE IF NOT EXISTS ${state}.coverage_plan_steps (
  plan_id      VARCHAR(256) NOT NULL,
  step_id      VARCHAR(256) NOT NULL,
  processor    VARCHAR(256) NOT NULL,
  data_date    DATE NOT NULL,
  depends_on   VARCHAR(2000),
  state        VARCHAR(32) NOT NULL,
  attempt      INT NOT NULL,
  degraded     BOOLEAN NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE,
  detail       VARCHAR(2000),
  PRIMARY KEY (plan_id, step_id)
);

-- Gap alert state per (game date, game, phase): what was last announced. seq counts raises, so a gap that closes
-- and opens again is a new alert; the outbox ids are derived from it.
CREATE TABLE IF NOT EXISTS ${state}.coverage_gap_alerts (
  game_date        DATE NOT NULL,
  game_id          VARCHAR(128) NOT NULL,
  phase            VARCHAR(128) NOT NULL,
  state            VARCHAR(16) NOT NULL,
  severity         VARCHAR(16) NOT NULL,
  seq              INT NOT NULL,
  players          INT NOT NULL,
  min_players      INT NOT NULL,
  expected_players INT NOT NULL,
  tipoff_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  home_team        VARCHAR(64),
  away_team        VARCHAR(64),
  raised_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  escalated_at     TIMESTAMP WITH TIME ZONE,
  closed_at        TIMESTAMP WITH TIME ZONE,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  causes           VARCHAR(20000),
  correlation_id   VARCHAR(256),
  PRIMARY KEY (game_date, game_id, phase)
);
CREATE INDEX IF NOT EXISTS coverage_gap_alerts_state ON ${state}.coverage_gap_alerts (state);

-- Outbox of events whose publication must happen exactly once per state change (gap alerts, resolutions, daily
-- summaries). The id is deterministic and becomes the ce-id, so a republish after a crash is deduplicated
-- downstream; published_at stays null until Pub/Sub accepted the message.
CREATE TABLE IF NOT EXISTS ${state}.coverage_outbox (
  event_id        VARCHAR(600) NOT NULL PRIMARY KEY,
  ce_type         VARCHAR(128) NOT NULL,
  payload         VARCHAR(1000000) NOT NULL,
  correlation_id  VARCHAR(256),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  published_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS coverage_outbox_pending ON ${state}.coverage_outbox (published_at);
