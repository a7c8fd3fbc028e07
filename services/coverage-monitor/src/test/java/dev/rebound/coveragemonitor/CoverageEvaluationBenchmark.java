package dev.rebound.coveragemonitor;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Evaluation time for one game date on PostgreSQL. Counting: coverage from the pipeline tables through the read-only
 * pipeline warehouse. Baseline, measured in the same run on the same data: the seed's way of asking, one
 * COUNT(DISTINCT) query per game and phase. Full evaluation: what every completion and timer tick costs, minus the
 * relay's publish: the lock on the date, the counting, the gap rules with their guarded alert writes and outbox rows,
 * and the coverage report (validated, encoded) into the outbox, in one transaction. Scenarios: the seed's size
 * (15 games x 3 phases) and 1,000 games.
 * <p>
 * Run: {@code ./mvnw -q -pl services/coverage-monitor -am test-compile exec:java
 * -Dexec.mainClass=dev.rebound.coveragemonitor.CoverageEvaluationBenchmark -Dexec.classpathScope=test}
 * (a PostgreSQL server is started from Maven Central's binaries, or {@code REBOUND_POSTGRES_URL} names one).
 */
public final class CoverageEvaluationBenchmark {
    private static final LocalDate DAY = LocalDate.parse("2026-01-23");
    private static final Instant NOW = Instant.parse("2026-01-23T18:00:00Z");
    /** Runs per scenario (after warm-up); fewer for 1,000 games, where the per-game baseline makes 5,000 queries. */
    private static int runs(int games) {
        return games >= 1000 ? 5 : 15;
    }
    private static final Topology TOPOLOGY = Slate.TOPOLOGY;
    /** The alerts' log lines (one per gap raised in the warm-up) would drown the table; held so its level holds. */
    private static final Logger ALERTS = Logger.getLogger("rebound.alerts");

    private CoverageEvaluationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ALERTS.setLevel(Level.OFF);
        System.out.println(String.format(Locale.ROOT, "java %s, %d cores, %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name")));
        System.out.println("| games | counting (ms) | baseline: per-game queries (ms) | speed-up | full evaluation (ms) |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int games : new int[] {15, 1000}) {
            measure(games);
        }
        System.exit(0);
    }

    private static void measure(int games) throws SQLException {
        try (PostgresFixture fixture = PostgresFixture.create()) {
            seed(fixture, games);
            CoverageEvaluator evaluator = fixture.instance(PostgresFixture.at(NOW));
            Set<String> ran = Set.of("UpcomingPlayerGameContextProcessor", "MLFeatureStoreProcessor",
                    "PredictionCoordinator");
            double counting = median(runs(games), () -> evaluator.calculator().compute(DAY, NOW, ran));
            double perGame = median(runs(games), () -> perGameQueries(fixture.warehouse, evaluator.calculator()));
            double evaluation = median(runs(games), () -> evaluator.evaluate(DAY));
            System.out.println(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.1fx | %.2f |", games, counting,
                    perGame, perGame / counting, evaluation));
            System.out.flush();
        }
    }

    /** The seed's query asked game by game and phase by phase, plus one roster lookup per team. */
    private static int perGameQueries(PipelineWarehouse warehouse, CoverageCalculator calculator) {
        int total = 0;
        PipelineConfig.Rosters r = TOPOLOGY.config().rosters();
        for (CoverageCalculator.ScheduledGame g : calculator.schedule(DAY)) {
            for (String team : List.of(g.homeTeam(), g.awayTeam())) {
                total += warehouse.query(Sql.of("SELECT COUNT(DISTINCT " + r.playerColumn() + ") AS n FROM "
                        + r.table() + " WHERE " + r.teamColumn() + " = @t AND " + r.dateColumn() + " = (SELECT MAX("
                        + r.dateColumn() + ") FROM " + r.table() + " WHERE " + r.teamColumn() + " = @t AND "
                        + r.dateColumn() + " <= @d)").bind("t", team).bind("d", DAY)).get(0).getInt("n");
            }
            for (PipelineConfig.Processor p : TOPOLOGY.coverageProcessors()) {
                total += calculator.rowsAndPlayers(p.coverage(), DAY, g.gameId()).get("players").intValue();
            }
        }
        return total;
    }

    private interface Work {
        void run();
    }

    private static double median(int runs, Work work) {
        for (int i = 0; i < Math.max(1, runs / 3); i++) {
            work.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    /**
     * Games of two 15-player teams each; context and features for all, predictions for 0..19 players; every phase
     * completed for the date.
     */
    private static void seed(PostgresFixture fixture, int games) throws SQLException {
        for (String phase : List.of("UpcomingPlayerGameContextProcessor", "MLFeatureStoreProcessor",
                "PredictionCoordinator")) {
            fixture.store.execute(Sql.of("INSERT INTO coverage_runs (processor, data_date, run_id, status, status_at)"
                    + " VALUES (@p, @d, @r, 'completed', @at)").bind("p", phase).bind("d", DAY)
                    .bind("r", "bench-" + phase).bind("at", NOW));
        }
        try (Connection c = fixture.dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement schedule = c.prepareStatement("INSERT INTO nba_raw.nbac_schedule (game_date,"
                            + " game_id, home_team_tricode, away_team_tricode, tipoff_at) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement roster = c.prepareStatement(
                            "INSERT INTO nba_raw.espn_team_rosters (roster_date, team_abbr, player_lookup) VALUES (?, ?, ?)");
                    PreparedStatement context = c.prepareStatement("INSERT INTO nba_analytics.upcoming_player_game_context"
                            + " (game_date, game_id, team_abbr, player_lookup) VALUES (?, ?, ?, ?)");
                    PreparedStatement features = c.prepareStatement("INSERT INTO nba_predictions.ml_feature_store_v2"
                            + " (game_date, game_id, player_lookup, is_production_ready) VALUES (?, ?, ?, TRUE)");
                    PreparedStatement predictions = c.prepareStatement("INSERT INTO nba_predictions.player_prop_predictions"
                            + " (game_date, game_id, player_lookup, prop_type, is_active) VALUES (?, ?, ?, ?, TRUE)")) {
                for (int g = 0; g < games; g++) {
                    String home = String.format(Locale.ROOT, "H%04d", g);
                    String away = String.format(Locale.ROOT, "A%04d", g);
                    String gameId = "20260123_" + away + "_" + home;
                    schedule.setObject(1, DAY);
                    schedule.setString(2, gameId);
                    schedule.setString(3, home);
                    schedule.setString(4, away);
                    schedule.setObject(5, NOW.plusSeconds(3600L * (3 + g % 4)).atOffset(ZoneOffset.UTC));
                    schedule.addBatch();
                    List<String> players = new ArrayList<>();
                    for (String team : List.of(home, away)) {
                        for (int p = 0; p < 15; p++) {
                            String player = team + "_" + p;
                            players.add(player);
                            roster.setObject(1, DAY.minusDays(1));
                            roster.setString(2, team);
                            roster.setString(3, player);
                            roster.addBatch();
                            context.setObject(1, DAY);
                            context.setString(2, gameId);
                            context.setString(3, team);
                            context.setString(4, player);
                            context.addBatch();
                            features.setObject(1, DAY);
                            features.setString(2, gameId);
                            features.setString(3, player);
                            features.addBatch();
                        }
                    }
                    for (String player : players.subList(0, g % 20)) {
                        for (String prop : List.of("points", "rebounds")) {
                            predictions.setObject(1, DAY);
                            predictions.setString(2, gameId);
                            predictions.setString(3, player);
                            predictions.setString(4, prop);
                            predictions.addBatch();
                        }
                    }
                }
                for (PreparedStatement st : List.of(schedule, roster, context, features, predictions)) {
                    st.executeBatch();
                }
            }
            c.commit();
            // fresh statistics, as autovacuum would give a table this size before long
            c.setAutoCommit(true);
            c.createStatement().execute("ANALYZE");
        }
    }
}
