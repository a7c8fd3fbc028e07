-- One row per game date that has been evaluated. An evaluation starts by upserting its date's row, which locks it
-- until the evaluation commits: evaluations of one date (the timer of one instance, Cloud Scheduler's task on
-- another, a completion's push on a third) take turns, and each counts coverage only after the previous one's
-- decisions are committed, so none acts on counts older than the alert state it reads.
CREATE TABLE coverage_evaluations (
  game_date     DATE NOT NULL PRIMARY KEY,
  evaluated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Gap alert state per (game date, game, phase): what was last announced. seq counts raises, so a gap that closes
-- and opens again is a new alert; the announcements' ce-ids are derived from it. Every change is a guarded write
-- (insert if absent, or update only from the state and seq it was decided from) in the transaction that adds its
-- announcement to the outbox: a decision and its event commit together or not at all, and only once.
CREATE TABLE coverage_gap_alerts (
  game_date        DATE NOT NULL,
  game_id          VARCHAR(128) NOT NULL,
  phase            VARCHAR(128) NOT NULL,
  state            VARCHAR(16) NOT NULL,
  severity         VARCHAR(16) NOT NULL,
  seq              INTEGER NOT NULL,
  players          INTEGER NOT NULL,
  min_players      INTEGER NOT NULL,
  expected_players INTEGER NOT NULL,
  tipoff_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  home_team        VARCHAR(64),
  away_team        VARCHAR(64),
  raised_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  escalated_at     TIMESTAMP WITH TIME ZONE,
  closed_at        TIMESTAMP WITH TIME ZONE,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  causes           TEXT,
  correlation_id   VARCHAR(256),
  PRIMARY KEY (game_date, game_id, phase)
);
CREATE INDEX coverage_gap_alerts_active ON coverage_gap_alerts (tipoff_at) WHERE state IN ('OPEN', 'ESCALATED');
CREATE INDEX coverage_gap_alerts_state ON coverage_gap_alerts (state, game_date);
