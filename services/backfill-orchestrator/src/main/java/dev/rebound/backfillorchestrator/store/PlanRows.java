package dev.rebound.backfillorchestrator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.backfillorchestrator.PlanStatus;
import dev.rebound.backfillorchestrator.RepairPlan;
import dev.rebound.backfillorchestrator.RepairStep;
import dev.rebound.backfillorchestrator.StepState;
import dev.rebound.events.Cause;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plans and their steps as rows of {@code repair_plans} and {@code repair_steps}. */
final class PlanRows {
    private static final TypeReference<List<Cause>> CAUSES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final StateStore store;

    PlanRows(StateStore store) {
        this.store = store;
    }

    /** The plans matching {@code where} (a condition with its parameters) with their steps, in two reads. */
    List<RepairPlan> select(Sql where, String orderBy) {
        Sql query = new Sql("SELECT * FROM repair_plans WHERE " + where.text() + " ORDER BY " + orderBy,
                where.params());
        Map<String, RepairPlan> plans = new LinkedHashMap<>();
        for (Row row : store.query(query)) {
            RepairPlan plan = new RepairPlan(row.getString("plan_id"),
                    new RunKey(row.getString("root_processor"), row.getLocalDate("root_data_date")),
                    row.getString("reason"), row.getString("correlation_id"), row.getInstant("created_at"),
                    row.getInstant("earliest_tipoff_at"), parse(row.getString("cause_chain"), CAUSES));
            plan.restore(PlanStatus.fromWire(row.getString("status")), row.getInstant("closed_at"),
                    row.getString("close_reason"));
            plans.put(plan.planId(), plan);
        }
        if (plans.isEmpty()) {
            return List.of();
        }
        Map<String, List<RepairStep>> steps = new HashMap<>();
        for (Row s : store.query(Sql.of("SELECT * FROM repair_steps WHERE plan_id = ANY(@ids) ORDER BY plan_id, seq")
                .bind("ids", plans.keySet().toArray(new String[0])))) {
            String planId = s.getString("plan_id");
            steps.computeIfAbsent(planId, k -> new ArrayList<>()).add(RepairStep.restore(planId, s.getInt("seq"),
                    new RunKey(s.getString("processor"), s.getLocalDate("data_date")),
                    parse(s.getString("depends_on"), STRINGS), StepState.fromWire(s.getString("state")),
                    s.getInt("attempts"), s.getInstant("triggered_at"), s.getInstant("next_attempt_at"),
                    s.getInstant("done_at"), Boolean.TRUE.equals(s.getBoolean("degraded")),
                    s.getDouble("upstream_coverage"), Boolean.TRUE.equals(s.getBoolean("followed_up")),
                    s.getString("run_id"), s.getString("detail"), s.getString("superseded_run_id")));
        }
        for (RepairPlan plan : plans.values()) {
            steps.getOrDefault(plan.planId(), List.of()).forEach(plan::addStep);
        }
        return List.copyOf(plans.values());
    }

    void insert(RepairPlan plan) {
        store.execute(Sql.of("INSERT INTO repair_plans (plan_id, root_processor, root_data_date, reason, status,"
                        + " correlation_id, created_at, earliest_tipoff_at, closed_at, close_reason, cause_chain)"
                        + " VALUES (@id, @processor, @date, @reason, @status, @correlation, @created, @tipoff,"
                        + " @closed, @closeReason, @chain)")
                .bind("id", plan.planId()).bind("processor", plan.root().processor())
                .bind("date", plan.root().dataDate()).bind("reason", plan.reason())
                .bind("status", plan.status().wire()).bind("correlation", plan.correlationId())
                .bind("created", plan.createdAt()).bind("tipoff", plan.earliestTipoffAt())
                .bind("closed", plan.closedAt()).bind("closeReason", plan.closeReason())
                .bind("chain", json(plan.causeChain())));
        for (RepairStep step : plan.steps()) {
            store.execute(stepValues(Sql.of("INSERT INTO repair_steps (plan_id, step_id, seq, processor, data_date,"
                    + " depends_on, state, attempts, triggered_at, next_attempt_at, done_at, degraded,"
                    + " upstream_coverage, followed_up, run_id, detail, superseded_run_id) VALUES (@plan, @step,"
                    + " @seq, @processor, @date, @dependsOn, @state, @attempts, @triggered, @next, @done, @degraded,"
                    + " @coverage, @followedUp, @runId, @detail, @superseded)"), step)
                    .bind("seq", step.seq()).bind("processor", step.run().processor())
                    .bind("date", step.run().dataDate()).bind("dependsOn", json(step.dependsOn())));
        }
    }

    void update(RepairPlan plan) {
        store.execute(Sql.of("UPDATE repair_plans SET status = @status, closed_at = @closed,"
                        + " close_reason = @closeReason WHERE plan_id = @id")
                .bind("status", plan.status().wire()).bind("closed", plan.closedAt())
                .bind("closeReason", plan.closeReason()).bind("id", plan.planId()));
    }

    void update(RepairStep step) {
        store.execute(stepValues(Sql.of("UPDATE repair_steps SET state = @state, attempts = @attempts,"
                + " triggered_at = @triggered, next_attempt_at = @next, done_at = @done, degraded = @degraded,"
                + " upstream_coverage = @coverage, followed_up = @followedUp, run_id = @runId, detail = @detail,"
                + " superseded_run_id = @superseded WHERE plan_id = @plan AND step_id = @step"), step));
    }

    /** Binds what a step's transitions change (and its key). */
    private static Sql stepValues(Sql sql, RepairStep step) {
        return sql.bind("plan", step.planId()).bind("step", step.stepId()).bind("state", step.state().wire())
                .bind("attempts", step.attempts()).bind("triggered", step.triggeredAt())
                .bind("next", step.nextAttemptAt()).bind("done", step.doneAt()).bind("degraded", step.degraded())
                .bind("coverage", step.upstreamCoverage()).bind("followedUp", step.followedUp())
                .bind("runId", step.runId()).bind("detail", step.detail())
                .bind("superseded", step.supersededRunId());
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
}
