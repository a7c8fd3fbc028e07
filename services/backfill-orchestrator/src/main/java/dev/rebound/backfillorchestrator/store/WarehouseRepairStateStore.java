package dev.rebound.backfillorchestrator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.backfillorchestrator.PlanStatus;
import dev.rebound.backfillorchestrator.RepairPlan;
import dev.rebound.backfillorchestrator.RepairStateStore;
import dev.rebound.backfillorchestrator.RepairStep;
import dev.rebound.backfillorchestrator.RunRecord;
import dev.rebound.backfillorchestrator.StepState;
import dev.rebound.events.Cause;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.warehouse.Row;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Plans, steps and runs in {@code ${state}.backfill_plans}, {@code backfill_steps}, {@code backfill_runs}. */
public final class WarehouseRepairStateStore implements RepairStateStore {
    private static final TypeReference<List<Cause>> CAUSES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final Warehouse warehouse;
    private final String plans;
    private final String steps;
    private final String runs;

    public WarehouseRepairStateStore(Warehouse warehouse, String stateDataset) {
        this.warehouse = warehouse;
        this.plans = stateDataset + ".backfill_plans";
        this.steps = stateDataset + ".backfill_steps";
        this.runs = stateDataset + ".backfill_runs";
    }

    @Override
    public void insertPlan(RepairPlan plan) {
        warehouse.execute(Sql.of("INSERT INTO " + plans + " (plan_id, root_processor, root_data_date, reason, status,"
                + " correlation_id, created_at, earliest_tipoff_at, closed_at, close_reason, cause_chain) VALUES"
                + " (@id, @processor, @date, @reason, @status, @correlation, @created, @tipoff, @closed, @closeReason,"
                + " @chain)")
                .bind("id", plan.planId()).bind("processor", plan.root().processor())
                .bind("date", plan.root().dataDate()).bind("reason", truncate(plan.reason(), 1024))
                .bind("status", plan.status().wire()).bind("correlation", plan.correlationId())
                .bind("created", plan.createdAt()).bind("tipoff", plan.earliestTipoffAt())
                .bind("closed", plan.closedAt()).bind("closeReason", truncate(plan.closeReason(), 2048))
                .bind("chain", json(plan.causeChain())));
        for (RepairStep step : plan.steps()) {
            warehouse.execute(Sql.of("INSERT INTO " + steps + " (plan_id, step_id, seq, processor, data_date,"
                    + " depends_on, state, attempts, triggered_at, next_attempt_at, done_at, degraded,"
                    + " upstream_coverage, followed_up, run_id, detail, superseded_run_id) VALUES (@plan, @step,"
                    + " @seq, @processor, @date, @dependsOn, @state, @attempts, @triggered, @next, @done, @degraded,"
                    + " @coverage, @followedUp, @runId, @detail, @superseded)")
                    .bind("superseded", step.supersededRunId())
                    .bind("plan", step.planId()).bind("step", step.stepId()).bind("seq", step.seq())
                    .bind("processor", step.run().processor()).bind("date", step.run().dataDate())
                    .bind("dependsOn", json(step.dependsOn())).bind("state", step.state().wire())
                    .bind("attempts", step.attempts()).bind("triggered", step.triggeredAt())
                    .bind("next", step.nextAttemptAt()).bind("done", step.doneAt())
                    .bind("degraded", step.degraded()).bind("coverage", step.upstreamCoverage())
                    .bind("followedUp", step.followedUp()).bind("runId", step.runId())
                    .bind("detail", truncate(step.detail(), 2048)));
        }
    }

    @Override
    public void updatePlan(RepairPlan plan) {
        warehouse.execute(Sql.of("UPDATE " + plans + " SET status = @status, closed_at = @closed,"
                + " close_reason = @closeReason WHERE plan_id = @id")
                .bind("status", plan.status().wire()).bind("closed", plan.closedAt())
                .bind("closeReason", truncate(plan.closeReason(), 2048)).bind("id", plan.planId()));
    }

    @Override
    public void updateStep(RepairStep step) {
        warehouse.execute(Sql.of("UPDATE " + steps + " SET state = @state, attempts = @attempts,"
                + " triggered_at = @triggered, next_attempt_at = @next, done_at = @done, degraded = @degraded,"
                + " upstream_coverage = @coverage, followed_up = @followedUp, run_id = @runId, detail = @detail,"
                + " superseded_run_id = @superseded WHERE plan_id = @plan AND step_id = @step")
                .bind("superseded", step.supersededRunId())
                .bind("state", step.state().wire()).bind("attempts", step.attempts())
                .bind("triggered", step.triggeredAt()).bind("next", step.nextAttemptAt())
                .bind("done", step.doneAt()).bind("degraded", step.degraded())
                .bind("coverage", step.upstreamCoverage()).bind("followedUp", step.followedUp())
                .bind("runId", step.runId()).bind("detail", truncate(step.detail(), 2048))
                .bind("plan", step.planId()).bind("step", step.stepId()));
    }

    @Override
    public void saveRun(RunRecord run, boolean isNew) {
        Sql sql = isNew
                ? Sql.of("INSERT INTO " + runs + " (processor, data_date, completed_at, run_id, failed_at,"
                        + " failure_reason, stuck_at, alive_at, stale_at, coverage, coverage_at, broken_run_id) VALUES"
                        + " (@processor, @date, @completed, @runId, @failed, @reason, @stuck, @alive, @stale, @coverage,"
                        + " @coverageAt, @brokenRunId)")
                : Sql.of("UPDATE " + runs + " SET completed_at = @completed, run_id = @runId, failed_at = @failed,"
                        + " failure_reason = @reason, stuck_at = @stuck, alive_at = @alive, stale_at = @stale,"
                        + " coverage = @coverage, coverage_at = @coverageAt, broken_run_id = @brokenRunId"
                        + " WHERE processor = @processor AND data_date = @date");
        warehouse.execute(sql.bind("processor", run.key().processor()).bind("date", run.key().dataDate())
                .bind("completed", run.completedAt()).bind("runId", run.runId()).bind("failed", run.failedAt())
                .bind("reason", run.failureReason()).bind("stuck", run.stuckAt()).bind("alive", run.aliveAt())
                .bind("stale", run.staleAt()).bind("coverage", run.coverage()).bind("coverageAt", run.coverageAt())
                .bind("brokenRunId", run.brokenRunId()));
    }

    @Override
    public List<RepairPlan> loadActivePlans() {
        List<RepairPlan> out = new ArrayList<>();
        List<Row> rows = warehouse.query(Sql.of("SELECT * FROM " + plans + " WHERE status = 'open' OR plan_id IN"
                + " (SELECT plan_id FROM " + steps + " WHERE degraded = TRUE AND followed_up = FALSE"
                + " AND state = 'done') ORDER BY created_at"));
        for (Row row : rows) {
            out.add(withSteps(row));
        }
        return out;
    }

    /** Most recent plans first (GET /plans), open or closed. */
    public List<RepairPlan> recentPlans(int limit) {
        List<RepairPlan> out = new ArrayList<>();
        for (Row row : warehouse.query(Sql.of("SELECT * FROM " + plans + " ORDER BY created_at DESC LIMIT "
                + Math.max(1, limit)))) {
            out.add(withSteps(row));
        }
        return out;
    }

    public Optional<RepairPlan> plan(String planId) {
        return warehouse.query(Sql.of("SELECT * FROM " + plans + " WHERE plan_id = @id").bind("id", planId))
                .stream().findFirst().map(this::withSteps);
    }

    @Override
    public List<RunRecord> loadRuns(LocalDate since) {
        List<RunRecord> out = new ArrayList<>();
        for (Row row : warehouse.query(Sql.of("SELECT * FROM " + runs + " WHERE data_date >= @since")
                .bind("since", since))) {
            RunRecord run = new RunRecord(new RunKey(row.getString("processor"), row.getLocalDate("data_date")));
            run.restore(row.getInstant("completed_at"), row.getString("run_id"), row.getInstant("failed_at"),
                    row.getString("broken_run_id"), row.getString("failure_reason"), row.getInstant("stuck_at"), row.getInstant("alive_at"),
                    row.getInstant("stale_at"), row.getDouble("coverage"), row.getInstant("coverage_at"));
            out.add(run);
        }
        return out;
    }

    private RepairPlan withSteps(Row row) {
        RepairPlan plan = new RepairPlan(row.getString("plan_id"),
                new RunKey(row.getString("root_processor"), row.getLocalDate("root_data_date")),
                row.getString("reason"), row.getString("correlation_id"), row.getInstant("created_at"),
                row.getInstant("earliest_tipoff_at"), parse(row.getString("cause_chain"), CAUSES));
        plan.restore(PlanStatus.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                row.getInstant("closed_at"), row.getString("close_reason"));
        Map<Integer, RepairStep> bySeq = new LinkedHashMap<>();
        for (Row s : warehouse.query(Sql.of("SELECT * FROM " + steps + " WHERE plan_id = @id ORDER BY seq")
                .bind("id", plan.planId()))) {
            RepairStep step = new RepairStep(plan.planId(), s.getInt("seq"),
                    new RunKey(s.getString("processor"), s.getLocalDate("data_date")),
                    parse(s.getString("depends_on"), STRINGS));
            step.restore(StepState.valueOf(s.getString("state").toUpperCase(Locale.ROOT)), s.getInt("attempts"),
                    s.getInstant("triggered_at"), s.getInstant("next_attempt_at"), s.getInstant("done_at"),
                    Boolean.TRUE.equals(s.getBoolean("degraded")), s.getDouble("upstream_coverage"),
                    Boolean.TRUE.equals(s.getBoolean("followed_up")), s.getString("run_id"), s.getString("detail"),
                    s.getString("superseded_run_id"));
            bySeq.put(step.seq(), step);
        }
        bySeq.values().forEach(plan::addStep);
        return plan;
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the orchestrator's state: " + json, e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
