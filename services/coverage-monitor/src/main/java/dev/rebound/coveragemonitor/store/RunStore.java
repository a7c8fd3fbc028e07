package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.RunRecord;
import dev.rebound.coveragemonitor.RunStatus;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs seen on completions, failures and stuck alerts. Writes are idempotent: a run's status only moves up
 * (stuck, failed, completed), and a stuck verdict is kept beside a later failure as {@code stuck_detail}. Events of
 * one run may be handled at the same moment (another topic, another instance): the row is locked while one of them
 * is merged into it.
 */
@ApplicationScoped
public class RunStore {
    private static final String KEY = " WHERE processor = @p AND data_date = @d AND run_id = @r";

    private final StateStore store;

    public RunStore(StateStore store) {
        this.store = store;
    }

    public void record(RunRecord run) {
        store.inTransaction(() -> {
            Optional<RunRecord> existing = find(run.processor(), run.dataDate(), run.runId(), " FOR UPDATE");
            if (existing.isEmpty()) {
                long inserted = store.execute(Sql.of("INSERT INTO coverage_runs (processor, data_date, run_id,"
                                + " status, status_at, records_written, detail, stuck_detail, correlation_id)"
                                + " VALUES (@p, @d, @r, @s, @at, @n, @detail, @stuck, @c) ON CONFLICT DO NOTHING")
                        .bind("p", run.processor()).bind("d", run.dataDate()).bind("r", run.runId())
                        .bind("s", run.status().label()).bind("at", run.statusAt()).bind("n", run.recordsWritten())
                        .bind("detail", run.detail()).bind("stuck", run.stuckDetail())
                        .bind("c", run.correlationId()));
                if (inserted == 1) {
                    return;
                }
                // another delivery inserted the same run first (and has committed): merge into its row
                existing = find(run.processor(), run.dataDate(), run.runId(), " FOR UPDATE");
            }
            RunRecord old = existing.orElseThrow();
            RunRecord merged = merge(old, run);
            if (merged.equals(old)) {
                return;
            }
            store.execute(Sql.of("UPDATE coverage_runs SET status = @s, status_at = @at, records_written = @n,"
                            + " detail = @detail, stuck_detail = @stuck, correlation_id = @c" + KEY)
                    .bind("p", old.processor()).bind("d", old.dataDate()).bind("r", old.runId())
                    .bind("s", merged.status().label()).bind("at", merged.statusAt())
                    .bind("n", merged.recordsWritten()).bind("detail", merged.detail())
                    .bind("stuck", merged.stuckDetail()).bind("c", merged.correlationId()));
        });
    }

    private static RunRecord merge(RunRecord old, RunRecord run) {
        boolean upgrade = run.status().ordinal() > old.status().ordinal();
        return new RunRecord(old.processor(), old.dataDate(), old.runId(),
                upgrade ? run.status() : old.status(),
                upgrade ? run.statusAt() : old.statusAt(),
                run.recordsWritten() != null ? run.recordsWritten() : old.recordsWritten(),
                upgrade && run.detail() != null ? run.detail() : old.detail(),
                old.stuckDetail() != null ? old.stuckDetail() : run.stuckDetail(),
                old.correlationId() != null ? old.correlationId() : run.correlationId());
    }

    public Optional<RunRecord> find(String processor, LocalDate dataDate, String runId) {
        return find(processor, dataDate, runId, "");
    }

    private Optional<RunRecord> find(String processor, LocalDate dataDate, String runId, String lock) {
        return store.query(Sql.of("SELECT * FROM coverage_runs" + KEY + lock)
                        .bind("p", processor).bind("d", dataDate).bind("r", runId))
                .stream().map(RunStore::toRun).findFirst();
    }

    public List<RunRecord> between(LocalDate from, LocalDate to) {
        // with each run's start, where its started event was seen: what it read, it read then
        return store.query(Sql.of("SELECT r.*, p.started_at FROM coverage_runs r LEFT JOIN coverage_run_progress p"
                        + " ON p.processor = r.processor AND p.data_date = r.data_date AND p.run_id = r.run_id"
                        + " WHERE r.data_date >= @from AND r.data_date <= @to")
                        .bind("from", from).bind("to", to))
                .stream().map(r -> {
                    RunRecord run = toRun(r);
                    return new RunRecord(run.processor(), run.dataDate(), run.runId(), run.status(), run.statusAt(),
                            run.recordsWritten(), run.detail(), run.stuckDetail(), run.correlationId(),
                            r.getInstant("started_at"));
                }).toList();
    }

    /** Processors with a completion for the date: the phases that "ran". */
    public Set<String> completedOn(LocalDate dataDate) {
        return store.query(Sql.of("SELECT DISTINCT processor FROM coverage_runs WHERE data_date = @d AND status = @s")
                        .bind("d", dataDate).bind("s", RunStatus.COMPLETED.label()))
                .stream().map(r -> r.getString("processor")).collect(Collectors.toSet());
    }

    public List<RunRecord> recent(int limit) {
        return store.query(Sql.of("SELECT * FROM coverage_runs ORDER BY status_at DESC LIMIT @limit")
                        .bind("limit", limit))
                .stream().map(RunStore::toRun).toList();
    }

    /** Runs whose latest word is a stuck verdict: no completion or failure came after it. */
    public List<RunRecord> stuckSince(Instant since) {
        return store.query(Sql.of("SELECT * FROM coverage_runs WHERE status = @s AND status_at >= @since"
                        + " ORDER BY status_at DESC")
                        .bind("s", RunStatus.STUCK.label()).bind("since", since))
                .stream().map(RunStore::toRun).toList();
    }

    /** Runs that were ever declared stuck for a date (including those that later failed or completed). */
    public List<RunRecord> everStuckOn(LocalDate from, LocalDate to) {
        return between(from, to).stream()
                .filter(r -> r.status() == RunStatus.STUCK || r.stuckDetail() != null).toList();
    }

    static RunRecord toRun(Row r) {
        return new RunRecord(r.getString("processor"), r.getLocalDate("data_date"), r.getString("run_id"),
                RunStatus.parse(r.getString("status")), r.getInstant("status_at"), r.getLong("records_written"),
                r.getString("detail"), r.getString("stuck_detail"), r.getString("correlation_id"));
    }
}
