package dev.rebound.heartbeattracker.store;

import dev.rebound.heartbeattracker.RunKey;
import dev.rebound.heartbeattracker.RunState;
import dev.rebound.heartbeattracker.StuckVerdict;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runs table ({@code heartbeat_runs}) in the service's state store. Every state change is a guarded UPDATE whose
 * exact affected-row count says whether this caller's view was still current: that count, not a lock in one
 * process, is what keeps concurrent instances, redeliveries and restarts from deciding the same thing twice.
 */
@ApplicationScoped
public class RunStore {
    private static final int MAX_MESSAGE = 65_536;
    private static final String COLUMNS = "processor, run_id, data_date, run_trigger, backfill_id, started_at,"
            + " last_heartbeat_at, last_seen_at, heartbeat_interval_s, interval_from_start, progress_done,"
            + " progress_total, state, ended_at, records_written, failure_reason, failure_message, late_heartbeat_at,"
            + " stuck_detected_at, stuck_last_seen_at, stuck_silent_for_s, stuck_threshold_s, stuck_correlation_id,"
            + " row_version";
    private static final String TABLE = "heartbeat_runs";

    /**
     * The busiest statement: one text for every heartbeat (a heartbeat without progress keeps the stored one), so
     * that those arriving together are one batch.
     */
    private static final String HEARTBEAT_OF_RUNNING_RUN = "UPDATE " + TABLE + " SET last_heartbeat_at = @at,"
            + " last_seen_at = @seen, progress_done = COALESCE(@progress_done, progress_done),"
            + " progress_total = COALESCE(@progress_total, progress_total), row_version = row_version + 1,"
            + " updated_at = @now WHERE processor = @processor AND run_id = @run_id AND state = 'running'"
            + " AND last_seen_at < @seen AND (last_heartbeat_at IS NULL OR last_heartbeat_at < @at)";
    /** Heartbeats per transaction at most: a batch is what queued during the previous one. */
    static final int HEARTBEATS_PER_COMMIT = 64;

    private final StateStore store;
    private final GroupCommit heartbeats;

    public RunStore(StateStore store) {
        this.store = store;
        this.heartbeats = new GroupCommit(store, HEARTBEATS_PER_COMMIT);
    }

    /** Heartbeat batches committed so far. */
    long heartbeatBatches() {
        return heartbeats.batches();
    }

    /** Runs {@code work} in one transaction of the store (joining the caller's, if any). */
    public <T> T inTransaction(Supplier<T> work) {
        return store.inTransaction(work::get);
    }

    public Optional<TrackedRun> find(RunKey key) {
        return find(key, "");
    }

    /** Reads the run and locks its row until the current transaction ends (the run's changes are serialized). */
    public Optional<TrackedRun> findForUpdate(RunKey key) {
        return find(key, " FOR UPDATE");
    }

    private Optional<TrackedRun> find(RunKey key, String lock) {
        return store.query(Sql.of("SELECT " + COLUMNS + " FROM " + TABLE
                        + " WHERE processor = @processor AND run_id = @run_id" + lock)
                .bind("processor", key.processor()).bind("run_id", key.runId()))
                .stream().findFirst().map(RunStore::toRun);
    }

    /** Inserts a run this store has never seen; false when another delivery inserted the same run first. */
    public boolean insert(TrackedRun run, Instant now) {
        Sql sql = Sql.of("INSERT INTO " + TABLE + " (" + COLUMNS + ", updated_at) VALUES (@processor, @run_id,"
                + " @data_date, @run_trigger, @backfill_id, @started_at, @last_heartbeat_at, @last_seen_at,"
                + " @heartbeat_interval_s, @interval_from_start, @progress_done, @progress_total, @state, @ended_at,"
                + " @records_written, @failure_reason, @failure_message, @late_heartbeat_at, NULL, NULL, NULL, NULL,"
                + " NULL, 0, @now) ON CONFLICT (processor, run_id) DO NOTHING");
        return store.execute(bindLifecycle(sql, run).bind("now", now)) == 1;
    }

    /** Writes the lifecycle columns if the stored row is still at {@code run.version()}; false if it moved on. */
    public boolean update(TrackedRun run, Instant now) {
        Sql sql = Sql.of("UPDATE " + TABLE + " SET data_date = @data_date, run_trigger = @run_trigger,"
                + " backfill_id = @backfill_id, started_at = @started_at, last_heartbeat_at = @last_heartbeat_at,"
                + " last_seen_at = @last_seen_at, heartbeat_interval_s = @heartbeat_interval_s,"
                + " interval_from_start = @interval_from_start, progress_done = @progress_done,"
                + " progress_total = @progress_total, state = @state, ended_at = @ended_at,"
                + " records_written = @records_written, failure_reason = @failure_reason,"
                + " failure_message = @failure_message, late_heartbeat_at = @late_heartbeat_at,"
                + " row_version = row_version + 1, updated_at = @now"
                + " WHERE processor = @processor AND run_id = @run_id AND row_version = @version");
        return store.execute(bindLifecycle(sql, run).bind("now", now).bind("version", run.version())) == 1;
    }

    /**
     * The common case in one statement: a newer heartbeat for a running run, {@code signOfLife} being what it proves
     * (TrackedRun#signOfLife). Returns false when the run is unknown, not running, or already has a newer heartbeat
     * or sign of life; the caller then takes the general path.
     */
    public boolean recordHeartbeatOfRunningRun(ProcessorHeartbeat e, Instant signOfLife, Instant now) {
        Sql sql = heartbeatOfRunningRun(e, signOfLife, now);
        // inside a transaction the write commits with the rest of it; alone, with the heartbeats arriving together
        String run = e.processor() + '\u0000' + e.runId();
        long count = store.inTransaction() ? store.execute(sql) : heartbeats.write(run, sql);
        return count == 1;
    }

    /** The statement {@link #recordHeartbeatOfRunningRun} runs. */
    static Sql heartbeatOfRunningRun(ProcessorHeartbeat e, Instant signOfLife, Instant now) {
        return Sql.of(HEARTBEAT_OF_RUNNING_RUN)
                .bind("at", e.at()).bind("seen", signOfLife).bind("now", now)
                .bind("progress_done", e.progress() == null ? null : e.progress().done())
                .bind("progress_total", e.progress() == null ? null : e.progress().total())
                .bind("processor", e.processor()).bind("run_id", e.runId());
    }

    public List<TrackedRun> running() {
        return select(" WHERE state = 'running'");
    }

    public long countRunning() {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM " + TABLE + " WHERE state = 'running'"))
                .get(0).getLong("n");
    }

    /**
     * The verdict: running → stuck, only if nothing changed the run since the sweep read it. Exactly one caller
     * gets true for a run; it announces the verdict in the same transaction.
     */
    public boolean markStuck(TrackedRun seen, StuckVerdict verdict) {
        return store.execute(Sql.of("UPDATE " + TABLE + " SET state = 'stuck', stuck_detected_at = @detected,"
                        + " stuck_last_seen_at = @last_seen, stuck_silent_for_s = @silent,"
                        + " stuck_threshold_s = @threshold, stuck_correlation_id = @correlation,"
                        + " row_version = row_version + 1, updated_at = @detected"
                        + " WHERE processor = @processor AND run_id = @run_id AND state = 'running'"
                        + " AND row_version = @version")
                .bind("detected", verdict.detectedAt()).bind("last_seen", verdict.lastSeenAt())
                .bind("silent", verdict.silentForS()).bind("threshold", verdict.thresholdS())
                .bind("correlation", verdict.correlationId())
                .bind("processor", seen.key().processor()).bind("run_id", seen.key().runId())
                .bind("version", seen.version())) == 1;
    }

    /** Newest first (by last sign of life); any filter may be null. */
    public List<TrackedRun> list(String processor, LocalDate dataDate, RunState state, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Sql sql = Sql.of("");
        if (processor != null) {
            where.append(" AND processor = @processor");
            sql = sql.bind("processor", processor);
        }
        if (dataDate != null) {
            where.append(" AND data_date = @data_date");
            sql = sql.bind("data_date", dataDate);
        }
        if (state != null) {
            where.append(" AND state = @state");
            sql = sql.bind("state", state.name());
        }
        where.append(" ORDER BY last_seen_at DESC, processor, run_id LIMIT ").append(limit);
        return select(where.toString(), sql);
    }

    /** The processors that have any run recorded. */
    public List<String> processors() {
        return store.query(Sql.of("SELECT DISTINCT processor FROM " + TABLE + " ORDER BY processor"))
                .stream().map(r -> r.getString("processor")).toList();
    }

    /** The newest runs of a processor in the given states, newest end (or sign of life) first. */
    public List<TrackedRun> latest(String processor, List<RunState> states, int limit) {
        StringBuilder in = new StringBuilder();
        Sql sql = Sql.of("").bind("processor", processor);
        for (int i = 0; i < states.size(); i++) {
            in.append(i == 0 ? "" : ", ").append("@s").append(i);
            sql = sql.bind("s" + i, states.get(i).name());
        }
        boolean open = states.stream().noneMatch(RunState::closed);
        String order = open ? " ORDER BY last_seen_at DESC" : " ORDER BY ended_at DESC";
        return select(" WHERE processor = @processor AND state IN (" + in + ")"
                + (open ? "" : " AND ended_at IS NOT NULL") + order + " LIMIT " + limit, sql);
    }

    /** The newest stuck verdicts of a processor (whatever the run became afterwards). */
    public List<TrackedRun> latestStuck(String processor, int limit) {
        return select(" WHERE processor = @processor AND stuck_detected_at IS NOT NULL"
                + " ORDER BY stuck_detected_at DESC LIMIT " + limit, Sql.of("").bind("processor", processor));
    }

    private List<TrackedRun> select(String where) {
        return select(where, Sql.of(""));
    }

    private List<TrackedRun> select(String whereAndOrder, Sql params) {
        Sql sql = Sql.of("SELECT " + COLUMNS + " FROM " + TABLE + whereAndOrder);
        for (var p : params.params().entrySet()) {
            sql = sql.bind(p.getKey(), p.getValue());
        }
        List<TrackedRun> out = new ArrayList<>();
        for (Row row : store.query(sql)) {
            out.add(toRun(row));
        }
        return out;
    }

    private static Sql bindLifecycle(Sql sql, TrackedRun r) {
        String message = r.failureMessage() != null && r.failureMessage().length() > MAX_MESSAGE
                ? r.failureMessage().substring(0, MAX_MESSAGE) : r.failureMessage();
        return sql.bind("processor", r.key().processor()).bind("run_id", r.key().runId())
                .bind("data_date", r.dataDate()).bind("run_trigger", r.trigger()).bind("backfill_id", r.backfillId())
                .bind("started_at", r.startedAt()).bind("last_heartbeat_at", r.lastHeartbeatAt())
                .bind("last_seen_at", r.lastSeenAt()).bind("heartbeat_interval_s", r.heartbeatIntervalS())
                .bind("interval_from_start", r.intervalFromStart()).bind("progress_done", r.progressDone())
                .bind("progress_total", r.progressTotal()).bind("state", r.state().name())
                .bind("ended_at", r.endedAt()).bind("records_written", r.recordsWritten())
                .bind("failure_reason", r.failureReason()).bind("failure_message", message)
                .bind("late_heartbeat_at", r.lateHeartbeatAt());
    }

    static TrackedRun toRun(Row row) {
        StuckVerdict verdict = row.getInstant("stuck_detected_at") == null ? null : new StuckVerdict(
                row.getInstant("stuck_detected_at"), row.getInstant("stuck_last_seen_at"),
                row.getDouble("stuck_silent_for_s"), row.getDouble("stuck_threshold_s"),
                row.getString("stuck_correlation_id"));
        return new TrackedRun(new RunKey(row.getString("processor"), row.getString("run_id")),
                row.getLocalDate("data_date"), row.getString("run_trigger"), row.getString("backfill_id"),
                row.getInstant("started_at"), row.getInstant("last_heartbeat_at"), row.getInstant("last_seen_at"),
                row.getInt("heartbeat_interval_s"), row.getBoolean("interval_from_start"),
                row.getLong("progress_done"), row.getLong("progress_total"), RunState.valueOf(row.getString("state")),
                row.getInstant("ended_at"), row.getLong("records_written"), row.getString("failure_reason"),
                row.getString("failure_message"), row.getInstant("late_heartbeat_at"), verdict,
                row.getLong("row_version"));
    }
}
