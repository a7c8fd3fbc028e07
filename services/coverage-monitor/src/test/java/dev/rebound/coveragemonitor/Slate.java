package dev.rebound.coveragemonitor;

import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a game day into the pipeline's stand-in tables (in the same PostgreSQL database as the state, so through
 * the state store's connections; the service itself only reads them): schedule, every configured team's roster
 * (15 players) at a given date, and per game the context, feature and prediction rows of chosen players. Players are
 * named {@code <team>_<n>}. Predictions have two prop rows per player plus inactive rows that must not count.
 */
final class Slate {
    static final Topology TOPOLOGY = PipelineLoader.load(PipelineLoader.DEFAULT);
    static final int ROSTER_SIZE = 15;

    record Game(String away, String home, Instant tipoff, int predictedPlayers) {
        String id(LocalDate date) {
            return date.toString().replace("-", "") + "_" + away + "_" + home;
        }
    }

    private final StateStore tables;

    Slate(StateStore pipelineTables) {
        this.tables = pipelineTables;
    }

    /**
     * The seed's Jan 23 slate as it stood after the partial recovery: players with predictions per game. Tip-offs
     * follow the evening's shape (TOR@POR three hours after the first game) from the given first tip-off.
     */
    static List<Game> jan23(Instant firstTipoff) {
        return List.of(
                new Game("BOS", "BKN", firstTipoff, 13),
                new Game("HOU", "DET", firstTipoff, 13),
                new Game("IND", "OKC", firstTipoff.plusSeconds(1800), 13),
                new Game("DEN", "MIL", firstTipoff.plusSeconds(3600), 6),
                new Game("NOP", "MEM", firstTipoff.plusSeconds(3600), 19),
                new Game("PHX", "ATL", firstTipoff.plusSeconds(1800), 15),
                new Game("SAC", "CLE", firstTipoff, 6),
                new Game("TOR", "POR", firstTipoff.plusSeconds(3 * 3600), 0));
    }

    /** The 16 teams whose ESPN rosters were 9 days old on Jan 23. */
    static final Set<String> STALE_TEAMS = Set.of("POR", "SAC", "DEN", "TOR", "ATL", "BKN", "CHA", "CHI", "DAL",
            "GSW", "LAC", "LAL", "MIA", "MIN", "ORL", "UTA");

    static List<String> players(String team) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= ROSTER_SIZE; i++) {
            out.add(team.toLowerCase() + "_" + i);
        }
        return out;
    }

    void rosters(Map<String, LocalDate> rosterDateByTeam) {
        tables.inTransaction(() -> rosterDateByTeam.forEach((team, date) -> {
            for (String p : players(team)) {
                tables.execute(Sql.of("INSERT INTO nba_raw.espn_team_rosters (roster_date, team_abbr, player_lookup)"
                        + " VALUES (@d, @t, @p) ON CONFLICT DO NOTHING")
                        .bind("d", date).bind("t", team).bind("p", p));
            }
        }));
    }

    /**
     * Schedules the games and writes context and features for every player of the teams not in
     * {@code missingFromContext}; predictions for the first {@code predictedPlayers} of them (home team first). The
     * whole slate is committed at once, as a pipeline run lands its table.
     */
    void games(LocalDate date, List<Game> games, Set<String> missingFromContext) {
        tables.inTransaction(() -> writeGames(date, games, missingFromContext));
    }

    private void writeGames(LocalDate date, List<Game> games, Set<String> missingFromContext) {
        for (Game g : games) {
            String id = g.id(date);
            tables.execute(Sql.of("INSERT INTO nba_raw.nbac_schedule (game_date, game_id, home_team_tricode,"
                    + " away_team_tricode, tipoff_at) VALUES (@d, @g, @h, @a, @t)")
                    .bind("d", date).bind("g", id).bind("h", g.home()).bind("a", g.away()).bind("t", g.tipoff()));
            List<String> context = new ArrayList<>();
            for (String team : List.of(g.home(), g.away())) {
                if (!missingFromContext.contains(team)) {
                    players(team).forEach(p -> context.add(team + ":" + p));
                }
            }
            for (String tp : context) {
                String team = tp.substring(0, tp.indexOf(':'));
                String player = tp.substring(tp.indexOf(':') + 1);
                tables.execute(Sql.of("INSERT INTO nba_analytics.upcoming_player_game_context (game_date,"
                        + " game_id, team_abbr, player_lookup) VALUES (@d, @g, @t, @p)")
                        .bind("d", date).bind("g", id).bind("t", team).bind("p", player));
                tables.execute(Sql.of("INSERT INTO nba_predictions.ml_feature_store_v2 (game_date, game_id,"
                        + " player_lookup, is_production_ready) VALUES (@d, @g, @p, TRUE)")
                        .bind("d", date).bind("g", id).bind("p", player));
            }
            List<String> predicted = context.stream().map(tp -> tp.substring(tp.indexOf(':') + 1))
                    .limit(g.predictedPlayers()).toList();
            writePredictions(date, id, predicted);
            // inactive rows of players outside the prediction set: the phase's filter must leave them out
            for (String p : players(g.away()).subList(12, 15)) {
                tables.execute(Sql.of("INSERT INTO nba_predictions.player_prop_predictions (game_date, game_id,"
                        + " player_lookup, prop_type, is_active) VALUES (@d, @g, @p, 'points', FALSE)")
                        .bind("d", date).bind("g", id).bind("p", p));
            }
        }
    }

    void predictions(LocalDate date, String gameId, List<String> players) {
        tables.inTransaction(() -> writePredictions(date, gameId, players));
    }

    private void writePredictions(LocalDate date, String gameId, List<String> players) {
        for (String p : players) {
            for (String prop : List.of("points", "rebounds")) {
                tables.execute(Sql.of("INSERT INTO nba_predictions.player_prop_predictions (game_date, game_id,"
                        + " player_lookup, prop_type, line_value, predicted_value, is_active)"
                        + " VALUES (@d, @g, @p, @prop, 10.5, 12.0, TRUE)"
                        + " ON CONFLICT (game_date, game_id, player_lookup, prop_type) DO UPDATE SET"
                        + " line_value = EXCLUDED.line_value, predicted_value = EXCLUDED.predicted_value,"
                        + " is_active = EXCLUDED.is_active")
                        .bind("d", date).bind("g", gameId).bind("p", p).bind("prop", prop));
            }
        }
    }
}
