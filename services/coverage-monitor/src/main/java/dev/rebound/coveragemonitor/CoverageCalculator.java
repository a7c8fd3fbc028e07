package dev.rebound.coveragemonitor;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts a date's coverage from the pipeline's own tables, all named by the topology: the schedule, the teams'
 * latest rosters (the expected players) and, per coverage phase, the distinct players per game in the phase's
 * output table. Two queries plus one per phase, whatever the number of games.
 */
public final class CoverageCalculator {
    private final PipelineWarehouse warehouse;
    private final Topology topology;

    public CoverageCalculator(PipelineWarehouse warehouse, Topology topology) {
        this.warehouse = warehouse;
        this.topology = topology;
    }

    /** A scheduled game. */
    public record ScheduledGame(String gameId, String homeTeam, String awayTeam, Instant tipoffAt) {
    }

    /**
     * @param completed processors with a completion seen for the date (a phase "ran" once its processor completed)
     */
    public DateCoverage compute(LocalDate date, Instant now, Set<String> completed) {
        List<ScheduledGame> games = schedule(date);
        int minPlayers = topology.config().coverage().minPlayers();
        Map<String, Set<String>> rosterPlayers = new HashMap<>();
        Map<String, LocalDate> latestRoster = new LinkedHashMap<>();
        if (!games.isEmpty()) {
            latestRosters(date, rosterPlayers, latestRoster);
        }
        List<PipelineConfig.Processor> phaseProcessors = topology.coverageProcessors();
        Map<String, Map<String, Integer>> countsByPhase = new LinkedHashMap<>();
        for (PipelineConfig.Processor p : phaseProcessors) {
            countsByPhase.put(p.coverage().phase(), games.isEmpty() ? Map.of() : playersPerGame(p.coverage(), date));
        }
        List<DateCoverage.Game> out = new ArrayList<>(games.size());
        for (ScheduledGame g : games) {
            Set<String> expected = new HashSet<>(rosterPlayers.getOrDefault(g.homeTeam(), Set.of()));
            expected.addAll(rosterPlayers.getOrDefault(g.awayTeam(), Set.of()));
            Map<String, Integer> byPhase = new LinkedHashMap<>();
            countsByPhase.forEach((phase, counts) -> byPhase.put(phase, counts.getOrDefault(g.gameId(), 0)));
            out.add(new DateCoverage.Game(g.gameId(), g.tipoffAt(), g.homeTeam(), g.awayTeam(),
                    !now.isBefore(g.tipoffAt()), expected.size(), byPhase));
        }
        List<DateCoverage.Phase> phases = new ArrayList<>();
        for (PipelineConfig.Processor p : phaseProcessors) {
            String phase = p.coverage().phase();
            long covered = 0;
            long expected = 0;
            int atMin = 0;
            boolean anyPlayers = false;
            for (DateCoverage.Game g : out) {
                int players = g.players(phase);
                covered += Math.min(players, g.expectedPlayers());
                expected += g.expectedPlayers();
                anyPlayers |= players > 0;
                if (players >= minPlayers) {
                    atMin++;
                }
            }
            double coverage = out.isEmpty() ? 1.0 : DateCoverage.ratio(covered, expected, anyPlayers);
            phases.add(new DateCoverage.Phase(phase, p.name(), completed.contains(p.name()), out.size(), atMin,
                    coverage));
        }
        return new DateCoverage(date, now, minPlayers, List.copyOf(out), List.copyOf(phases), latestRoster);
    }

    public List<ScheduledGame> schedule(LocalDate date) {
        PipelineConfig.ScheduleTable s = topology.config().schedule();
        return warehouse.query(Sql.of("SELECT " + s.gameColumn() + " AS game_id, " + s.homeTeamColumn()
                        + " AS home_team, " + s.awayTeamColumn() + " AS away_team, " + s.tipoffColumn()
                        + " AS tipoff_at FROM " + s.table() + " WHERE " + s.dateColumn() + " = @d")
                .bind("d", date))
                .stream()
                .map(r -> new ScheduledGame(r.getString("game_id"), r.getString("home_team"),
                        r.getString("away_team"), r.getInstant("tipoff_at")))
                .sorted(java.util.Comparator.comparing(ScheduledGame::tipoffAt).thenComparing(ScheduledGame::gameId))
                .toList();
    }

    /** Every team's newest roster on or before the date, with its players. */
    private void latestRosters(LocalDate date, Map<String, Set<String>> players, Map<String, LocalDate> latest) {
        PipelineConfig.Rosters r = topology.config().rosters();
        if (r == null) {
            return;
        }
        String sql = "SELECT t." + r.teamColumn() + " AS team, t." + r.dateColumn() + " AS roster_date, t."
                + r.playerColumn() + " AS player FROM " + r.table() + " t JOIN (SELECT " + r.teamColumn()
                + " AS team, MAX(" + r.dateColumn() + ") AS latest FROM " + r.table() + " WHERE " + r.dateColumn()
                + " <= @d GROUP BY " + r.teamColumn() + ") m ON t." + r.teamColumn() + " = m.team AND t."
                + r.dateColumn() + " = m.latest";
        for (Row row : warehouse.query(Sql.of(sql).bind("d", date))) {
            String team = row.getString("team");
            players.computeIfAbsent(team, k -> new HashSet<>()).add(row.getString("player"));
            latest.put(team, row.getLocalDate("roster_date"));
        }
    }

    /** The seed's per-game count: distinct players of the phase's output for the date, after the phase's filter. */
    private Map<String, Integer> playersPerGame(PipelineConfig.CoverageSource c, LocalDate date) {
        String where = c.dateColumn() + " = @d" + (c.filter() == null || c.filter().isBlank() ? ""
                : " AND (" + c.filter() + ")");
        Map<String, Integer> counts = new HashMap<>();
        for (Row row : warehouse.query(Sql.of("SELECT " + c.gameColumn() + " AS game_id, COUNT(DISTINCT "
                + c.playerColumn() + ") AS players FROM " + c.table() + " WHERE " + where + " GROUP BY "
                + c.gameColumn()).bind("d", date))) {
            counts.put(row.getString("game_id"), row.getInt("players"));
        }
        return counts;
    }

    /** Rows and distinct players of one game in one phase (the seed's "predictions per game" query). */
    public Map<String, Long> rowsAndPlayers(PipelineConfig.CoverageSource c, LocalDate date, String gameId) {
        String where = c.dateColumn() + " = @d AND " + c.gameColumn() + " = @g"
                + (c.filter() == null || c.filter().isBlank() ? "" : " AND (" + c.filter() + ")");
        Row row = warehouse.query(Sql.of("SELECT COUNT(*) AS row_count, COUNT(DISTINCT " + c.playerColumn()
                + ") AS players FROM " + c.table() + " WHERE " + where).bind("d", date).bind("g", gameId)).get(0);
        return Map.of("rows", row.getLong("row_count", 0), "players", row.getLong("players", 0));
    }
}
