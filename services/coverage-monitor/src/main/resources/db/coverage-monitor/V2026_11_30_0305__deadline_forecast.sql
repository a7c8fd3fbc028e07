-- The deadline forecast's inputs and its episodes (coverage-monitor's forecast loop).

-- What the processor-heartbeats topic says about each run: its start (started event), its last sign of life and two
-- progress samples — the first heartbeat that reported work done and the newest — so a running run's pace is
-- measured after its setup. Its end (completed, failed, stuck) is in coverage_runs. Every write only moves forward
-- (the start and the first sample back, the last sign of life and the newest sample ahead), so a redelivered or
-- out-of-order heartbeat changes nothing. Rows not seen for rebound.coverage.forecast-retention are pruned.
CREATE TABLE coverage_run_progress (
  processor             VARCHAR(256) NOT NULL,
  data_date             DATE NOT NULL,
  run_id                VARCHAR(256) NOT NULL,
  started_at            TIMESTAMP WITH TIME ZONE,
  heartbeat_interval_s  INTEGER,
  last_seen_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  first_progress_at     TIMESTAMP WITH TIME ZONE,
  first_progress_done   BIGINT,
  first_progress_total  BIGINT,
  last_progress_at      TIMESTAMP WITH TIME ZONE,
  last_progress_done    BIGINT,
  last_progress_total   BIGINT,
  PRIMARY KEY (processor, data_date, run_id)
);
CREATE INDEX coverage_run_progress_date ON coverage_run_progress (data_date);
CREATE INDEX coverage_run_progress_seen ON coverage_run_progress (last_seen_at);

-- One row per game date the forecast has evaluated: the episode state of DeadlineEpisodeRules. An evaluation locks
-- its date's row (inserted first if absent) for its whole transaction, so evaluations of one date on any number of
-- instances take turns, and its announcements enter the outbox in that transaction under ids derived from the
-- episode (date, seq, cause, severity): each is queued once, whoever decides it.
CREATE TABLE coverage_deadline_episodes (
  game_date         DATE NOT NULL PRIMARY KEY,
  seq               INTEGER NOT NULL,
  status            VARCHAR(16) NOT NULL,
  severity          VARCHAR(16),
  announced_causes  TEXT NOT NULL,
  at_risk_since     TIMESTAMP WITH TIME ZONE,
  critical_since    TIMESTAMP WITH TIME ZONE,
  cause             VARCHAR(800),
  cause_since       TIMESTAMP WITH TIME ZONE,
  safe_since        TIMESTAMP WITH TIME ZONE,
  evaluated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX coverage_deadline_episodes_open ON coverage_deadline_episodes (status);
