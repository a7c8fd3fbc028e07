package dev.rebound.pipelinesimulator.store;

import dev.rebound.scenario.Scenario;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The simulated pipeline's reads and writes of its own tables: the local stand-ins for the pipeline's BigQuery tables,
 * in the PostgreSQL server the mesh shares, which Rebound's services only read. The simulator plays the pipeline, so
 * it is the one writer; it reaches them through its own store connection (qualified names). Table and column names
 * of the schedule and rosters come from the pipeline configuration; output tables from the scenario.
 */
@ApplicationScoped
public class PipelineTables {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private static final int ROWS_PER_STATEMENT = 200;

    private final StateStore warehouse;
    private final PipelineConfig.ScheduleTable schedule;
    private final PipelineConfig.Rosters rosters;

    public PipelineTables(StateStore warehouse, Topology topology) {
        this.warehouse = warehouse;
        this.schedule = topology.config().schedule();
        this.rosters = topology.config().rosters();
    }

    /** One output row's (game, team, player); team may be null when the source does not carry it. */
    public record PlayerRow(String game, String team, String player) {
    }

    /** The scenario's start state: its schedule and every team's roster at its roster date. Idempotent. */
    public void seed(Scenario scenario, Instant now) {
        for (Scenario.Game g : scenario.schedule()) {
            warehouse.execute(Sql.of("DELETE FROM " + id(schedule.table()) + " WHERE " + id(schedule.gameColumn())
                    + " = @game").bind("game", g.gameId()));
            warehouse.execute(Sql.of("INSERT INTO " + id(schedule.table()) + " (" + id(schedule.dateColumn()) + ", "
                    + id(schedule.gameColumn()) + ", " + id(schedule.homeTeamColumn()) + ", "
                    + id(schedule.awayTeamColumn()) + ", " + id(schedule.tipoffColumn())
                    + ") VALUES (@date, @game, @home, @away, @tipoff)")
                    .bind("date", g.gameDate()).bind("game", g.gameId()).bind("home", g.home())
                    .bind("away", g.away()).bind("tipoff", g.tipoff()));
        }
        scenario.teams().forEach((team, t) -> loadRoster(team, t.rosterDate(), scenario.playersOf(team),
                "seed://" + scenario.name(), now));
    }

    /**
     * Replaces a team's roster rows for a date (what the roster processor does for one file) without a moment where
     * the team has no roster: the players are upserted in one statement, then players no longer listed removed.
     */
    public int loadRoster(String team, LocalDate date, List<String> players, String sourceFile, Instant now) {
        if (!players.isEmpty()) {
            StringBuilder text = new StringBuilder("INSERT INTO " + id(rosters.table()) + " ("
                    + id(rosters.dateColumn()) + ", " + id(rosters.teamColumn()) + ", " + id(rosters.playerColumn())
                    + ", source_file_path, processed_at) VALUES ");
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("date", date);
            params.put("team", team);
            params.put("file", sourceFile);
            params.put("now", now);
            for (int i = 0; i < players.size(); i++) {
                text.append(i == 0 ? "" : ", ").append("(@date, @team, @p").append(i).append(", @file, @now)");
                params.put("p" + i, players.get(i));
            }
            text.append(onPrimaryKeyConflict(rosters.table())).append(" DO UPDATE SET source_file_path ="
                    + " EXCLUDED.source_file_path, processed_at = EXCLUDED.processed_at");
            warehouse.execute(new Sql(text.toString(), params));
        }
        List<Row> existing = warehouse.query(Sql.of("SELECT " + id(rosters.playerColumn()) + " AS player FROM "
                + id(rosters.table()) + " WHERE " + id(rosters.teamColumn()) + " = @team AND " + id(rosters.dateColumn())
                + " = @date").bind("team", team).bind("date", date));
        for (Row r : existing) {
            if (!players.contains(r.getString("player"))) {
                warehouse.execute(Sql.of("DELETE FROM " + id(rosters.table()) + " WHERE " + id(rosters.teamColumn())
                        + " = @team AND " + id(rosters.dateColumn()) + " = @date AND " + id(rosters.playerColumn())
                        + " = @player").bind("team", team).bind("date", date).bind("player", r.getString("player")));
            }
        }
        return players.size();
    }

    /**
     * Players of each team playing on the date whose latest roster on or before the date is at most maxAgeDays old
     * (any age when null): a team with a stale roster contributes nobody, as in the incident.
     */
    public List<PlayerRow> rosterPlayers(LocalDate date, Integer maxAgeDays) {
        List<Row> games = warehouse.query(Sql.of("SELECT " + id(schedule.gameColumn()) + " AS game, "
                + id(schedule.homeTeamColumn()) + " AS home, " + id(schedule.awayTeamColumn()) + " AS away FROM "
                + id(schedule.table()) + " WHERE " + id(schedule.dateColumn()) + " = @date ORDER BY 1")
                .bind("date", date));
        Map<String, LocalDate> latest = new HashMap<>();
        for (Row r : warehouse.query(Sql.of("SELECT " + id(rosters.teamColumn()) + " AS team, MAX("
                + id(rosters.dateColumn()) + ") AS latest FROM " + id(rosters.table()) + " WHERE "
                + id(rosters.dateColumn()) + " <= @date GROUP BY " + id(rosters.teamColumn())).bind("date", date))) {
            latest.put(r.getString("team"), r.getLocalDate("latest"));
        }
        List<PlayerRow> out = new ArrayList<>();
        for (Row g : games) {
            for (String team : List.of(g.getString("home"), g.getString("away"))) {
                LocalDate rosterDate = latest.get(team);
                if (rosterDate == null
                        || (maxAgeDays != null && ChronoUnit.DAYS.between(rosterDate, date) > maxAgeDays)) {
                    continue;
                }
                for (Row p : warehouse.query(Sql.of("SELECT " + id(rosters.playerColumn()) + " AS player FROM "
                        + id(rosters.table()) + " WHERE " + id(rosters.teamColumn()) + " = @team AND "
                        + id(rosters.dateColumn()) + " = @date ORDER BY 1").bind("team", team).bind("date", rosterDate))) {
                    out.add(new PlayerRow(g.getString("game"), team, p.getString("player")));
                }
            }
        }
        return out;
    }

    /** Rows of an upstream output for a date. */
    public List<PlayerRow> upstreamRows(Scenario.Source from, LocalDate date) {
        String team = from.teamColumn() == null ? "NULL" : id(from.teamColumn());
        String sql = "SELECT " + id(from.gameColumn()) + " AS game, " + team + " AS team, " + id(from.playerColumn())
                + " AS player FROM " + id(from.table()) + " WHERE " + id(from.dateColumn()) + " = @date"
                + (from.filter() == null ? "" : " AND (" + from.filter() + ")") + " ORDER BY 1, 3";
        return warehouse.query(Sql.of(sql).bind("date", date)).stream()
                .map(r -> new PlayerRow(r.getString("game"), r.getString("team"), r.getString("player"))).toList();
    }

    public long countRows(String table, String dateColumn, LocalDate date) {
        return warehouse.query(Sql.of("SELECT COUNT(*) AS n FROM " + id(table) + " WHERE " + id(dateColumn)
                + " = @date").bind("date", date)).get(0).getLong("n");
    }

    /**
     * Replaces the output partition of a date with the given rows (a processor rewrites its day, as a BigQuery
     * partition overwrite would), without a moment where the partition looks empty to a reader: rows are upserted
     * by primary key, then rows this run did not write — older stamp in the {@code $now} column — are deleted.
     * Returns the rows written.
     */
    public int replacePartition(Scenario.Output output, LocalDate date, List<PlayerRow> rows, Instant at, String runId) {
        // the database keeps microseconds: compare what was stored with what was stored, not with nanoseconds
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> columns = new LinkedHashMap<>(output.columns());
        String stampColumn = columns.entrySet().stream().filter(e -> "$now".equals(e.getValue()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (stampColumn == null) {
            warehouse.execute(Sql.of("DELETE FROM " + id(output.table()) + " WHERE " + id(output.dateColumn())
                    + " = @date").bind("date", date));
        }
        String names = String.join(", ", columns.keySet().stream().map(PipelineTables::id).toList());
        String head = "INSERT INTO " + id(output.table()) + " (" + names + ") VALUES ";
        String upsert = stampColumn == null ? "" : onPrimaryKeyConflict(output.table()) + " DO UPDATE SET "
                + String.join(", ", columns.keySet().stream().map(c -> id(c) + " = EXCLUDED." + id(c)).toList());
        // one multi-row statement per chunk: a reader sees a game's rows all at once, not half-written
        List<List<Object>> unique = new ArrayList<>();
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        for (PlayerRow row : rows) {
            List<Object> values = new ArrayList<>();
            for (Object template : columns.values()) {
                values.add(resolve(template, row, date, now, runId));
            }
            if (seen.add(values)) {
                unique.add(values);
            }
        }
        for (int from = 0; from < unique.size(); from += ROWS_PER_STATEMENT) {
            List<List<Object>> chunk = unique.subList(from, Math.min(unique.size(), from + ROWS_PER_STATEMENT));
            StringBuilder text = new StringBuilder(head);
            Map<String, Object> params = new LinkedHashMap<>();
            for (int r = 0; r < chunk.size(); r++) {
                text.append(r == 0 ? "(" : ", (");
                for (int c = 0; c < chunk.get(r).size(); c++) {
                    String name = "r" + r + "c" + c;
                    text.append(c == 0 ? "@" : ", @").append(name);
                    params.put(name, chunk.get(r).get(c));
                }
                text.append(')');
            }
            warehouse.execute(new Sql(text.append(upsert).toString(), params));
        }
        int written = unique.size();
        if (stampColumn != null) {
            warehouse.execute(Sql.of("DELETE FROM " + id(output.table()) + " WHERE " + id(output.dateColumn())
                    + " = @date AND " + id(stampColumn) + " < @now").bind("date", date).bind("now", now));
        }
        return written;
    }

    static Object resolve(Object template, PlayerRow row, LocalDate date, Instant now, String runId) {
        if (!(template instanceof String s) || !s.startsWith("$")) {
            return template;
        }
        return switch (s) {
            case "$date" -> date;
            case "$game" -> row.game();
            case "$team" -> row.team();
            case "$player" -> row.player();
            case "$now" -> now;
            case "$run_id" -> runId;
            default -> throw new IllegalArgumentException("unknown column placeholder " + s
                    + " (use $date, $game, $team, $player, $now, $run_id)");
        };
    }

    /** PostgreSQL names a table's primary key {@code <table>_pkey}; the stand-in tables all have one. */
    static String onPrimaryKeyConflict(String table) {
        String name = id(table);
        return " ON CONFLICT ON CONSTRAINT " + name.substring(name.indexOf('.') + 1) + "_pkey";
    }

    /** Table and column names come from configuration files; refuse anything that is not a plain identifier. */
    static String id(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a table or column name: " + name);
        }
        return name;
    }
}
