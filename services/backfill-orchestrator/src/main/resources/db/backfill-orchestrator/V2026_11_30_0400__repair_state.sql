-- backfill-orchestrator's state, in its own schema: repair plans, their steps, and what it saw of each run. Every
-- decision (a signal, a tick, a sweep, an operator action) runs in one transaction that first locks the single row of
-- decision_lock, then reads and writes the tables below; so decisions of all instances happen one at a time and
-- always on committed state.

-- The decision lock: one row, locked (SELECT ... FOR UPDATE) by every decision until it commits or rolls back.
CREATE TABLE decision_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO decision_lock (id) VALUES (1);

-- One row per repair plan; cause_chain is the JSON list of causes carried by every lifecycle event.
CREATE TABLE repair_plans (
  plan_id            VARCHAR(64) PRIMARY KEY,
  root_processor     VARCHAR(256) NOT NULL,
  root_data_date     DATE NOT NULL,
  reason             TEXT NOT NULL,
  status             VARCHAR(16) NOT NULL,
  correlation_id     VARCHAR(256) NOT NULL,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  earliest_tipoff_at TIMESTAMP WITH TIME ZONE,
  closed_at          TIMESTAMP WITH TIME ZONE,
  close_reason       TEXT,
  cause_chain        TEXT NOT NULL
);
-- Every decision reads the open plans: a partial index keeps that read small however many plans have closed.
CREATE INDEX repair_plans_open ON repair_plans (created_at) WHERE status = 'open';
CREATE INDEX repair_plans_created ON repair_plans (created_at);

-- One row per step of a plan, in topological order (seq). A step's attempts and triggered_at are written in the
-- transaction that queues its trigger in the outbox.
CREATE TABLE repair_steps (
  plan_id           VARCHAR(64) NOT NULL REFERENCES repair_plans (plan_id),
  step_id           VARCHAR(300) NOT NULL,
  seq               INTEGER NOT NULL,
  processor         VARCHAR(256) NOT NULL,
  data_date         DATE NOT NULL,
  depends_on        TEXT NOT NULL,
  state             VARCHAR(16) NOT NULL,
  attempts          INTEGER NOT NULL,
  triggered_at      TIMESTAMP WITH TIME ZONE,
  next_attempt_at   TIMESTAMP WITH TIME ZONE,
  done_at           TIMESTAMP WITH TIME ZONE,
  degraded          BOOLEAN NOT NULL,
  upstream_coverage DOUBLE PRECISION,
  followed_up       BOOLEAN NOT NULL,
  run_id            VARCHAR(256),
  detail            TEXT,
  superseded_run_id VARCHAR(256),
  PRIMARY KEY (plan_id, step_id)
);
-- "When did a plan last give up on this run" and "which dates had repairs" read steps by run and by date.
CREATE INDEX repair_steps_run ON repair_steps (processor, data_date);
CREATE INDEX repair_steps_date ON repair_steps (data_date);
CREATE INDEX repair_steps_awaiting_follow_up ON repair_steps (plan_id)
  WHERE degraded AND NOT followed_up AND state = 'done';

-- What the orchestrator saw of each run: completion, failure, stuck verdict, late heartbeat, stale input, coverage.
CREATE TABLE observed_runs (
  processor      VARCHAR(256) NOT NULL,
  data_date      DATE NOT NULL,
  completed_at   TIMESTAMP WITH TIME ZONE,
  run_id         VARCHAR(256),
  failed_at      TIMESTAMP WITH TIME ZONE,
  broken_run_id  VARCHAR(256),
  failure_reason VARCHAR(32),
  stuck_at       TIMESTAMP WITH TIME ZONE,
  alive_at       TIMESTAMP WITH TIME ZONE,
  stale_at       TIMESTAMP WITH TIME ZONE,
  coverage       DOUBLE PRECISION,
  coverage_at    TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (processor, data_date)
);
CREATE INDEX observed_runs_date ON observed_runs (data_date);
