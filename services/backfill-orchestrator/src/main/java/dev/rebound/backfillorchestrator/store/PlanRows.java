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
import java.util.stream.Collectors;

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
            String causeChain = row.getString("cause_chain");
            RepairPlan plan = RepairPlan.restore(row.getString("plan_id"),
                    new RunKey(row.getString("root_processor"), row.getLocalDate("root_data_date")),
                    row.getString("reason"), row.getString("correlation_id"), row.getInstant("created_at"),
                    row.getInstant("earliest_tipoff_at"), () -> parse(causeChain, CAUSES),
                    PlanStatus.fromWire(row.getString("status")), row.getInstant("closed_at"),
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
            String dependsOn = s.getString("depends_on");
            steps.computeIfAbsent(planId, k -> new ArrayList<>()).add(RepairStep.restore(planId, s.getInt("seq"),
                    new RunKey(s.getString("processor"), s.getLocalDate("data_date")),
                    () -> parse(dependsOn, STRINGS), StepState.fromWire(s.getString("state")),
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

    /** The plan's row, then all its steps in one statement. */
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
        List<String> rows = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        List<RepairStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            String prefix = "s" + i + "_";
            Map<String, Object> row = stepRow(steps.get(i));
            rows.add(row.keySet().stream().map(column -> "@" + prefix + column)
                    .collect(Collectors.joining(", ", "(", ")")));
            row.forEach((column, value) -> params.put(prefix + column, value));
        }
        store.execute(new Sql("INSERT INTO repair_steps (" + String.join(", ", stepRow(steps.get(0)).keySet())
                + ") VALUES " + String.join(", ", rows), params));
    }

    void update(RepairPlan plan) {
        store.execute(Sql.of("UPDATE repair_plans SET status = @status, closed_at = @closed,"
                        + " close_reason = @closeReason WHERE plan_id = @id")
                .bind("status", plan.status().wire()).bind("closed", plan.closedAt())
                .bind("closeReason", plan.closeReason()).bind("id", plan.planId()));
    }

    /** Writes what a step's transitions change. */
    void update(RepairStep step) {
        Map<String, Object> changing = stepState(step);
        String set = changing.keySet().stream().map(column -> column + " = @" + column)
                .collect(Collectors.joining(", "));
        Map<String, Object> params = new HashMap<>(changing);
        params.put("plan_id", step.planId());
        params.put("step_id", step.stepId());
        store.execute(new Sql("UPDATE repair_steps SET " + set + " WHERE plan_id = @plan_id AND step_id = @step_id",
                params));
    }

    /** A new step as a row, column by column in the table's order. */
    private static Map<String, Object> stepRow(RepairStep step) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("plan_id", step.planId());
        row.put("step_id", step.stepId());
        row.put("seq", step.seq());
        row.put("processor", step.run().processor());
        row.put("data_date", step.run().dataDate());
        row.put("depends_on", json(step.dependsOn()));
        row.putAll(stepState(step));
        return row;
    }

    /** The columns a step's transitions change. */
    private static Map<String, Object> stepState(RepairStep step) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("state", step.state().wire());
        row.put("attempts", step.attempts());
        row.put("triggered_at", step.triggeredAt());
        row.put("next_attempt_at", step.nextAttemptAt());
        row.put("done_at", step.doneAt());
        row.put("degraded", step.degraded());
        row.put("upstream_coverage", step.upstreamCoverage());
        row.put("followed_up", step.followedUp());
        row.put("run_id", step.runId());
        row.put("detail", step.detail());
        row.put("superseded_run_id", step.supersededRunId());
        return row;
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
