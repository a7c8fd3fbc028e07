package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.RunStatus;
import dev.rebound.coveragemonitor.forecast.ObservedRun;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecast's inputs: what processor-heartbeats says about each run (its start, last sign of life and progress),
 * read together with how {@link RunStore} saw it end. Every write is one upsert that only moves forward — the start
 * and the first progress sample back to the earliest seen, the last sign of life and the newest sample ahead — so a
 * redelivery or an out-of-order heartbeat changes nothing and no lock is needed.
 */
@ApplicationScoped
public class RunProgressStore {
    private static final String UPSERT = "INSERT INTO coverage_run_progress AS t (processor, data_date, run_id, started_at,"
            + " heartbeat_interval_s, last_seen_at, first_progress_at, first_progress_done, first_progress_total,"
            + " last_progress_at, last_progress_done, last_progress_total)"
            + " VALUES (@p, @d, @r, @started, @interval, @seen, @fat, @fdone, @ftotal, @lat, @ldone, @ltotal)"
            + " ON CONFLICT (processor, data_date, run_id) DO UPDATE SET"
            + " started_at = COALESCE(EXCLUDED.started_at, t.started_at),"
            + " heartbeat_interval_s = COALESCE(EXCLUDED.heartbeat_interval_s, t.heartbeat_interval_s),"
            + " last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at),"
            + sample("first", "<") + "," + sample("last", ">");

    private final StateStore store;

    public RunProgressStore(StateStore store) {
        this.store = store;
    }

    /** The three columns of a progress sample, replaced only by a sample earlier ({@code <}) or later ({@code >}). */
    private static String sample(String which, String wins) {
        String newer = "EXCLUDED." + which + "_progress_at IS NOT NULL AND (t." + which + "_progress_at IS NULL OR"
                + " EXCLUDED." + which + "_progress_at " + wins + " t." + which + "_progress_at)";
        List<String> sets = new ArrayList<>();
        for (String column : List.of("_progress_at", "_progress_done", "_progress_total")) {
            sets.add(" " + which + column + " = CASE WHEN " + newer + " THEN EXCLUDED." + which + column + " ELSE t."
                    + which + column + " END");
        }
        return String.join(",", sets);
    }

    public void started(ProcessorStarted s) {
        store.execute(bind(s.processor(), s.dataDate(), s.runId(), s.startedAt(), null)
                .bind("started", s.startedAt()).bind("interval", s.heartbeatIntervalS()));
    }

    public void heartbeat(ProcessorHeartbeat h) {
        store.execute(bind(h.processor(), h.dataDate(), h.runId(), h.at(), h.progress())
                .bind("started", (Instant) null).bind("interval", (Integer) null));
    }

    private static Sql bind(String processor, LocalDate date, String runId, Instant at,
            ProcessorHeartbeat.Progress progress) {
        boolean worked = progress != null && progress.done() > 0;
        return Sql.of(UPSERT).bind("p", processor).bind("d", date).bind("r", runId).bind("seen", at)
                .bind("fat", worked ? at : null).bind("fdone", worked ? progress.done() : null)
                .bind("ftotal", worked ? progress.total() : null)
                .bind("lat", progress != null ? at : null).bind("ldone", progress != null ? progress.done() : null)
                .bind("ltotal", progress != null ? progress.total() : null);
    }

    /**
     * Every run seen with a data date in [from, to], as the forecast reads it: completed, failed or stuck as
     * coverage_runs last says; otherwise running, as its heartbeats say.
     */
    public List<ObservedRun> observed(LocalDate from, LocalDate to) {
        Map<String, ObservedRun> runs = new LinkedHashMap<>();
        for (Row r : store.query(Sql.of("SELECT COALESCE(r.processor, p.processor) AS processor,"
                        + " COALESCE(r.data_date, p.data_date) AS data_date, COALESCE(r.run_id, p.run_id) AS run_id,"
                        + " r.status, r.status_at, p.started_at, p.heartbeat_interval_s, p.last_seen_at,"
                        + " p.first_progress_at, p.first_progress_done, p.first_progress_total,"
                        + " p.last_progress_at, p.last_progress_done, p.last_progress_total"
                        + " FROM (SELECT * FROM coverage_runs WHERE data_date >= @from AND data_date <= @to) r"
                        + " FULL JOIN (SELECT * FROM coverage_run_progress WHERE data_date >= @from"
                        + " AND data_date <= @to) p USING (processor, data_date, run_id)")
                .bind("from", from).bind("to", to))) {
            ObservedRun run = toObserved(r);
            runs.put(run.processor() + "|" + run.dataDate() + "|" + run.runId(), run);
        }
        return List.copyOf(runs.values());
    }

    private static ObservedRun toObserved(Row r) {
        String status = r.getString("status");
        Instant startedAt = r.getInstant("started_at");
        if (status != null) {
            Instant endedAt = r.getInstant("status_at");
            ObservedRun.Status closed = switch (RunStatus.parse(status)) {
                case COMPLETED -> ObservedRun.Status.COMPLETED;
                case FAILED -> ObservedRun.Status.FAILED;
                case STUCK -> ObservedRun.Status.STUCK;
            };
            return new ObservedRun(r.getString("processor"), r.getLocalDate("data_date"), r.getString("run_id"),
                    closed, startedAt, endedAt, null, null, r.getInt("heartbeat_interval_s"), endedAt);
        }
        return new ObservedRun(r.getString("processor"), r.getLocalDate("data_date"), r.getString("run_id"),
                ObservedRun.Status.RUNNING, startedAt, r.getInstant("last_seen_at"), progress(r, "first"),
                progress(r, "last"), r.getInt("heartbeat_interval_s"), null);
    }

    private static ObservedRun.ProgressSample progress(Row r, String which) {
        Instant at = r.getInstant(which + "_progress_at");
        return at == null ? null : new ObservedRun.ProgressSample(at, r.getLong(which + "_progress_done"),
                r.getLong(which + "_progress_total"));
    }

    /** Per processor, the durations of its newest {@code limit} completed runs whose start was seen, newest first. */
    public Map<String, List<Duration>> recentDurations(int limit) {
        Map<String, List<Duration>> out = new LinkedHashMap<>();
        for (Row r : store.query(Sql.of("SELECT processor, started_at, status_at FROM (SELECT r.processor,"
                        + " p.started_at, r.status_at, ROW_NUMBER() OVER (PARTITION BY r.processor"
                        + " ORDER BY r.status_at DESC) AS n FROM coverage_runs r JOIN coverage_run_progress p"
                        + " USING (processor, data_date, run_id) WHERE r.status = @completed"
                        + " AND p.started_at IS NOT NULL AND p.started_at <= r.status_at) x WHERE n <= @limit"
                        + " ORDER BY processor, status_at DESC")
                .bind("completed", RunStatus.COMPLETED.label()).bind("limit", limit))) {
            out.computeIfAbsent(r.getString("processor"), p -> new ArrayList<>())
                    .add(Duration.between(r.getInstant("started_at"), r.getInstant("status_at")));
        }
        return out;
    }

    /** Forgets runs not seen since {@code before}; returns how many. */
    public long prune(Instant before) {
        return store.execute(Sql.of("DELETE FROM coverage_run_progress WHERE last_seen_at < @before")
                .bind("before", before));
    }
}
