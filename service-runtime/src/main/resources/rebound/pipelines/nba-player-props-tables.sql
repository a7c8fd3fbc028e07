-- Local stand-ins for the NBA pipeline's BigQuery tables, with the columns the seed's queries use (PostgreSQL).
-- Created by every service at startup in local mode; the pipeline simulator writes them, the monitors read them.
CREATE SCHEMA IF NOT EXISTS nba_raw;
CREATE SCHEMA IF NOT EXISTS nba_analytics;
CREATE SCHEMA IF NOT EXISTS nba_precompute;
CREATE SCHEMA IF NOT EXISTS nba_predictions;

CREATE TABLE IF NOT EXISTS nba_raw.nbac_schedule (
  game_date          DATE NOT NULL,
  game_id            VARCHAR(64) NOT NULL PRIMARY KEY,
  home_team_tricode  VARCHAR(8) NOT NULL,
  away_team_tricode  VARCHAR(8) NOT NULL,
  tipoff_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS nba_raw.espn_team_rosters (
  roster_date       DATE NOT NULL,
  team_abbr         VARCHAR(8) NOT NULL,
  player_lookup     VARCHAR(128) NOT NULL,
  player_full_name  VARCHAR(256),
  source_file_path  VARCHAR(1024),
  processed_at      TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (roster_date, team_abbr, player_lookup)
);

CREATE TABLE IF NOT EXISTS nba_analytics.player_game_summary (
  game_date      DATE NOT NULL,
  game_id        VARCHAR(64) NOT NULL,
  player_lookup  VARCHAR(128) NOT NULL,
  team_abbr      VARCHAR(8),
  points         INT,
  processed_at   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (game_date, game_id, player_lookup)
);

CREATE TABLE IF NOT EXISTS nba_precompute.player_daily_cache (
  cache_date     DATE NOT NULL,
  player_lookup  VARCHAR(128) NOT NULL,
  team_abbr      VARCHAR(8),
  processed_at   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (cache_date, player_lookup)
);

CREATE TABLE IF NOT EXISTS nba_analytics.upcoming_player_game_context (
  game_date      DATE NOT NULL,
  game_id        VARCHAR(64) NOT NULL,
  team_abbr      VARCHAR(8) NOT NULL,
  player_lookup  VARCHAR(128) NOT NULL,
  processed_at   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (game_date, game_id, player_lookup)
);

CREATE TABLE IF NOT EXISTS nba_precompute.player_composite_factors (
  game_date      DATE NOT NULL,
  game_id        VARCHAR(64) NOT NULL,
  player_lookup  VARCHAR(128) NOT NULL,
  processed_at   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (game_date, game_id, player_lookup)
);

CREATE TABLE IF NOT EXISTS nba_predictions.ml_feature_store_v2 (
  game_date            DATE NOT NULL,
  game_id              VARCHAR(64) NOT NULL,
  player_lookup        VARCHAR(128) NOT NULL,
  is_production_ready  BOOLEAN NOT NULL,
  created_at           TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (game_date, game_id, player_lookup)
);

CREATE TABLE IF NOT EXISTS nba_predictions.player_prop_predictions (
  game_date        DATE NOT NULL,
  game_id          VARCHAR(64) NOT NULL,
  player_lookup    VARCHAR(128) NOT NULL,
  prop_type        VARCHAR(32) NOT NULL,
  line_value       DOUBLE PRECISION,
  predicted_value  DOUBLE PRECISION,
  is_active        BOOLEAN NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (game_date, game_id, player_lookup, prop_type)
);
