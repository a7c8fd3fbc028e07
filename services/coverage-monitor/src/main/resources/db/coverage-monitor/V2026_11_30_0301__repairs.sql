-- Repair plans and their steps from backfill-events, for the dashboard and the daily summary. Lifecycle events may
-- arrive twice or out of order: each is one upsert whose conditions keep the later state (see RepairStore).
CREATE TABLE coverage_plans (
  plan_id            VARCHAR(256) NOT NULL PRIMARY KEY,
  root_processor     VARCHAR(256),
  root_data_date     DATE,
  reason             TEXT,
  state              VARCHAR(32) NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE,
  finished_at        TIMESTAMP WITH TIME ZONE,
  detail             TEXT,
  earliest_tipoff_at TIMESTAMP WITH TIME ZONE,
  correlation_id     VARCHAR(256)
);
CREATE INDEX coverage_plans_root_date ON coverage_plans (root_data_date);
CREATE INDEX coverage_plans_running ON coverage_plans (created_at) WHERE state = 'running';

CREATE TABLE coverage_plan_steps (
  plan_id      VARCHAR(256) NOT NULL,
  step_id      VARCHAR(256) NOT NULL,
  processor    VARCHAR(256) NOT NULL,
  data_date    DATE NOT NULL,
  depends_on   TEXT,
  state        VARCHAR(32) NOT NULL,
  attempt      INTEGER NOT NULL,
  degraded     BOOLEAN NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE,
  detail       TEXT,
  PRIMARY KEY (plan_id, step_id)
);
CREATE INDEX coverage_plan_steps_date ON coverage_plan_steps (data_date);
