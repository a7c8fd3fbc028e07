package dev.rebound.backfillorchestrator.store;

import dev.rebound.backfillorchestrator.DeadlineMargin;
import dev.rebound.backfillorchestrator.InputLanding;
import dev.rebound.backfillorchestrator.LiveRun;
import dev.rebound.backfillorchestrator.RepairPlan;
import dev.rebound.backfillorchestrator.RepairStateStore;
import dev.rebound.backfillorchestrator.RepairStep;
import dev.rebound.backfillorchestrator.RunRecord;
import dev.rebound.backfillorchestrator.RunStatus;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The orchestrator's state in its PostgreSQL schema: the decision lock, plans and steps ({@link PlanRows}) and the
 * runs it saw ({@code observed_runs}). Decisions rely on READ COMMITTED, PostgreSQL's default: every statement after
 * the lock sees all that the decisions before it committed.
 */
public final class PostgresRepairStateStore implements RepairStateStore {
    private final StateStore store;
    private final PlanRows plans;

    public PostgresRepairStateStore(StateStore store) {
        this.store = store;
        this.plans = new PlanRows(store);
    }

    @Override
    public <T> T decide(Supplier<T> decision) {
        return store.inTransaction(() -> {
            store.query(Sql.of("SELECT id FROM decision_lock WHERE id = 1 FOR UPDATE"));
            return decision.get();
        });
    }

    @Override
    public List<RepairPlan> openPlans() {
        return plans.select(Sql.of("status = 'open'"), "created_at");
    }

    @Override
    public List<RepairPlan> plansAwaitingFollowUp() {
        return plans.select(Sql.of("plan_id IN (SELECT plan_id FROM repair_steps WHERE degraded AND NOT followed_up"
                + " AND state = 'done')"), "created_at");
    }

    @Override
    public Optional<RepairPlan> plan(String planId) {
        return plans.select(Sql.of("plan_id = @id").bind("id", planId), "created_at").stream().findFirst();
    }

    @Override
    public List<RepairPlan> recentPlans(int limit) {
        return plans.select(Sql.of("plan_id IN (SELECT plan_id FROM repair_plans ORDER BY created_at DESC"
                + " LIMIT @limit)").bind("limit", Math.max(1, limit)), "created_at DESC");
    }

    @Override
    public void insertPlan(RepairPlan plan) {
        plans.insert(plan);
    }

    @Override
    public void updatePlan(RepairPlan plan) {
        plans.update(plan);
    }

    @Override
    public void updateStep(RepairStep step) {
        plans.update(step);
    }

    @Override
    public List<RunRecord> runsBetween(LocalDate from, LocalDate to) {
        return store.query(Sql.of("SELECT * FROM observed_runs WHERE data_date BETWEEN @from AND @to")
                .bind("from", from).bind("to", to)).stream().map(PostgresRepairStateStore::toRun).toList();
    }

    @Override
    public void saveRun(RunRecord run) {
        store.execute(Sql.of("INSERT INTO observed_runs (processor, data_date, completed_at, run_id, failed_at,"
                        + " broken_run_id, failure_reason, stuck_at, alive_at, stale_at, coverage, coverage_at) VALUES"
                        + " (@processor, @date, @completed, @runId, @failed, @brokenRunId, @reason, @stuck, @alive,"
                        + " @stale, @coverage, @coverageAt) ON CONFLICT (processor, data_date) DO UPDATE SET"
                        + " completed_at = EXCLUDED.completed_at, run_id = EXCLUDED.run_id,"
                        + " failed_at = EXCLUDED.failed_at, broken_run_id = EXCLUDED.broken_run_id,"
                        + " failure_reason = EXCLUDED.failure_reason, stuck_at = EXCLUDED.stuck_at,"
                        + " alive_at = EXCLUDED.alive_at, stale_at = EXCLUDED.stale_at, coverage = EXCLUDED.coverage,"
                        + " coverage_at = EXCLUDED.coverage_at")
                .bind("processor", run.key().processor()).bind("date", run.key().dataDate())
                .bind("completed", run.completedAt()).bind("runId", run.runId()).bind("failed", run.failedAt())
                .bind("brokenRunId", run.brokenRunId())
                .bind("reason", run.failureReason() == null ? null : run.failureReason().wire())
                .bind("stuck", run.stuckAt()).bind("alive", run.aliveAt()).bind("stale", run.staleAt())
                .bind("coverage", run.coverage()).bind("coverageAt", run.coverageAt()));
    }

    @Override
    public Optional<Instant> lastGaveUpOn(RunKey run) {
        return Optional.ofNullable(store.query(Sql.of("SELECT max(done_at) AS gave_up_at FROM repair_steps"
                        + " WHERE processor = @processor AND data_date = @date AND state = 'failed'")
                .bind("processor", run.processor()).bind("date", run.dataDate())).get(0).getInstant("gave_up_at"));
    }

    @Override
    public List<LocalDate> datesWithActivity(LocalDate from, LocalDate to) {
        return store.query(Sql.of("SELECT data_date FROM observed_runs WHERE data_date BETWEEN @from AND @to"
                        + " UNION SELECT data_date FROM repair_steps WHERE data_date BETWEEN @from AND @to"
                        + " ORDER BY data_date").bind("from", from).bind("to", to))
                .stream().map(r -> r.getLocalDate("data_date")).toList();
    }

    @Override
    public void recordLanding(String scraper, LocalDate dataDate, Instant at, Instant heardAt) {
        store.execute(Sql.of("INSERT INTO input_landings (scraper, data_date, landed_at, heard_at)"
                        + " VALUES (@scraper, @date, @at, @heard)"
                        + " ON CONFLICT (scraper, data_date) DO UPDATE SET landed_at = EXCLUDED.landed_at,"
                        + " heard_at = EXCLUDED.heard_at WHERE input_landings.landed_at < EXCLUDED.landed_at")
                .bind("scraper", scraper).bind("date", dataDate).bind("at", at).bind("heard", heardAt));
    }

    @Override
    public Map<LocalDate, InputLanding> landedBetween(String scraper, LocalDate from, LocalDate to) {
        Map<LocalDate, InputLanding> landed = new TreeMap<>();
        store.query(Sql.of("SELECT data_date, landed_at, heard_at FROM input_landings WHERE scraper = @scraper"
                        + " AND data_date BETWEEN @from AND @to")
                .bind("scraper", scraper).bind("from", from).bind("to", to))
                .forEach(r -> landed.put(r.getLocalDate("data_date"),
                        new InputLanding(r.getInstant("landed_at"), r.getInstant("heard_at"))));
        return landed;
    }

    @Override
    public void recordAlive(String runId, RunKey run, Instant at, Duration stuckAfter) {
        // both ends only ever widen, whatever order the signs of life arrive in; a first sign of life unknown (a row
        // from before it was kept) stays unknown
        store.execute(Sql.of("INSERT INTO live_runs (run_id, processor, data_date, first_seen_at, last_seen_at,"
                        + " stuck_after_s) VALUES (@runId, @processor, @date, @at, @at, @stuckAfter)"
                        + " ON CONFLICT (run_id) DO UPDATE"
                        + " SET last_seen_at = GREATEST(live_runs.last_seen_at, EXCLUDED.last_seen_at),"
                        + " first_seen_at = CASE WHEN live_runs.first_seen_at IS NULL THEN NULL"
                        + " ELSE LEAST(live_runs.first_seen_at, EXCLUDED.first_seen_at) END"
                        + " WHERE live_runs.last_seen_at < EXCLUDED.last_seen_at"
                        + " OR live_runs.first_seen_at > EXCLUDED.first_seen_at")
                .bind("runId", runId).bind("processor", run.processor()).bind("date", run.dataDate()).bind("at", at)
                .bind("stuckAfter", stuckAfter.toSeconds()));
    }

    @Override
    public List<LiveRun> liveRuns(RunKey run) {
        return store.query(Sql.of("SELECT run_id, first_seen_at, last_seen_at, stuck_after_s FROM live_runs"
                        + " WHERE processor = @processor AND data_date = @date")
                .bind("processor", run.processor()).bind("date", run.dataDate())).stream()
                .map(r -> new LiveRun(r.getString("run_id"), r.getInstant("first_seen_at"),
                        r.getInstant("last_seen_at"), Duration.ofSeconds(r.getLong("stuck_after_s")))).toList();
    }

    @Override
    public int forgetRunsSilentSince(Instant before) {
        return (int) store.execute(Sql.of("DELETE FROM live_runs WHERE last_seen_at < @before").bind("before", before));
    }

    @Override
    public boolean recordMargin(DeadlineMargin margin) {
        return store.execute(Sql.of("INSERT INTO deadline_margins (game_date, episode, correlation_id, deadline,"
                        + " landing_at, margin_s, cause, detected_at) VALUES (@date, @episode, @corr, @deadline,"
                        + " @landing, @margin, @cause, @detected) ON CONFLICT (game_date) DO UPDATE SET"
                        + " episode = EXCLUDED.episode, correlation_id = EXCLUDED.correlation_id,"
                        + " deadline = EXCLUDED.deadline, landing_at = EXCLUDED.landing_at,"
                        + " margin_s = EXCLUDED.margin_s, cause = EXCLUDED.cause, detected_at = EXCLUDED.detected_at,"
                        + " cleared_at = NULL WHERE deadline_margins.episode < EXCLUDED.episode"
                        + " OR (deadline_margins.episode = EXCLUDED.episode AND deadline_margins.cleared_at IS NULL"
                        + " AND deadline_margins.detected_at < EXCLUDED.detected_at)")
                .bind("date", margin.gameDate()).bind("episode", margin.episode())
                .bind("corr", margin.correlationId()).bind("deadline", margin.deadline())
                .bind("landing", margin.landingAt()).bind("margin", margin.margin().toSeconds())
                .bind("cause", margin.cause()).bind("detected", margin.detectedAt())) == 1;
    }

    @Override
    public boolean clearMargin(LocalDate gameDate, int episode, String correlationId, Instant at) {
        // a recovery seen before its episode's announcement leaves a cleared row, so that announcement stays closed
        return store.execute(Sql.of("INSERT INTO deadline_margins (game_date, episode, correlation_id, deadline,"
                        + " detected_at, cleared_at) VALUES (@date, @episode, @corr, @at, @at, @at)"
                        + " ON CONFLICT (game_date) DO UPDATE SET episode = EXCLUDED.episode,"
                        + " correlation_id = EXCLUDED.correlation_id, cleared_at = EXCLUDED.cleared_at"
                        + " WHERE deadline_margins.episode < EXCLUDED.episode"
                        + " OR (deadline_margins.episode = EXCLUDED.episode AND deadline_margins.cleared_at IS NULL)")
                .bind("date", gameDate).bind("episode", episode).bind("corr", correlationId).bind("at", at)) == 1;
    }

    @Override
    public Map<LocalDate, Duration> activeMargins() {
        Map<LocalDate, Duration> margins = new TreeMap<>();
        store.query(Sql.of("SELECT game_date, margin_s FROM deadline_margins WHERE cleared_at IS NULL"))
                .forEach(r -> margins.put(r.getLocalDate("game_date"), Duration.ofSeconds(r.getLong("margin_s"))));
        return margins;
    }

    @Override
    public int forgetMarginsBefore(LocalDate date) {
        return (int) store.execute(Sql.of("DELETE FROM deadline_margins WHERE game_date < @date").bind("date", date));
    }

    @Override
    public int stepsInFlight() {
        return count("SELECT count(*) AS n FROM repair_steps s JOIN repair_plans p ON p.plan_id = s.plan_id"
                + " WHERE p.status = 'open' AND s.state = 'triggered'");
    }

    @Override
    public int openPlanCount() {
        return count("SELECT count(*) AS n FROM repair_plans WHERE status = 'open'");
    }

    private int count(String sql) {
        return store.query(Sql.of(sql)).get(0).getInt("n");
    }

    private static RunRecord toRun(Row row) {
        String reason = row.getString("failure_reason");
        return RunRecord.restore(new RunKey(row.getString("processor"), row.getLocalDate("data_date")),
                row.getInstant("completed_at"), row.getString("run_id"), row.getInstant("failed_at"),
                row.getString("broken_run_id"), reason == null ? null : RunStatus.fromWire(reason),
                row.getInstant("stuck_at"), row.getInstant("alive_at"), row.getInstant("stale_at"),
                row.getDouble("coverage"), row.getInstant("coverage_at"));
    }
}
