-- The deadline forecast's verdicts (pipeline.deadline.at_risk.v1 / recovered.v1 from coverage-monitor): one row per
-- game date with the margin of its latest at-risk announcement, which orders the orchestrator's work (smallest margin
-- first). Written inside the decision that reads it. A row is never deleted when its episode recovers but marked
-- cleared, so that a redelivered or late announcement of a closed episode cannot bring its margin back; only a later
-- episode (the number at the end of the correlation id deadline:<game_date>:<episode>) replaces it.
CREATE TABLE deadline_margins (
  game_date      DATE PRIMARY KEY,
  episode        INTEGER NOT NULL,
  correlation_id VARCHAR(256) NOT NULL,
  deadline       TIMESTAMP WITH TIME ZONE NOT NULL,
  -- the landing the forecast decides on (forecast.at_risk_landing of the way from the expected to the p95 landing)
  landing_at     TIMESTAMP WITH TIME ZONE,
  -- deadline minus landing_at, in seconds (negative: late); null once the episode has only been seen recovering
  margin_s       BIGINT,
  cause          VARCHAR(32),
  detected_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  cleared_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX deadline_margins_active ON deadline_margins (margin_s) WHERE cleared_at IS NULL;
