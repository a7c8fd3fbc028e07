-- What the orchestrator needs to know before it re-runs anything: which scraper inputs have landed (from the
-- scrapers' and the bridge's completions) and which runs are alive right now (from started events and heartbeats).
-- Both are written without the decision lock: each row only moves forward (a later landing, a later sign of life).

-- One row per scraper and data date whose input landed.
CREATE TABLE input_landings (
  scraper    VARCHAR(256) NOT NULL,
  data_date  DATE NOT NULL,
  landed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (scraper, data_date)
);

-- One row per run seen starting or heartbeating: alive while its last sign of life is younger than its stuck
-- threshold and no completion, failure or stuck verdict names it.
CREATE TABLE live_runs (
  run_id          VARCHAR(256) PRIMARY KEY,
  processor       VARCHAR(256) NOT NULL,
  data_date       DATE NOT NULL,
  last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  stuck_after_s   BIGINT NOT NULL
);
CREATE INDEX live_runs_run ON live_runs (processor, data_date);
CREATE INDEX live_runs_last_seen ON live_runs (last_seen_at);
