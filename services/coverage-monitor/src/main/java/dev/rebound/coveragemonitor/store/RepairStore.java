package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.RepairPlan;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.warehouse.Row;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Repair plans and steps from the backfill lifecycle. Lifecycle events may arrive out of order or twice: a plan's
 * final state is never replaced by "running", and a step only moves to a later attempt or a later state of the
 * same attempt (planned, triggered, then completed or failed).
 */
@ApplicationScoped
public class RepairStore {
    private final Warehouse warehouse;
    private final StateTables tables;
    private final Topology topology;

    public RepairStore(Warehouse warehouse, StateTables tables, Topology topology) {
        this.warehouse = warehouse;
        this.tables = tables;
        this.topology = topology;
    }

    public synchronized void planCreated(String planId, String rootProcessor, LocalDate rootDate, String reason,
            Instant createdAt, Instant earliestTipoff, String correlationId) {
        if (planRow(planId).isPresent()) {
            warehouse.execute(Sql.of("UPDATE " + tables.plans() + " SET root_processor = @p, root_data_date = @d,"
                    + " reason = @r, created_at = @at, earliest_tipoff_at = @t WHERE plan_id = @id")
                    .bind("id", planId).bind("p", rootProcessor).bind("d", rootDate).bind("r", reason)
                    .bind("at", createdAt).bind("t", earliestTipoff));
            return;
        }
        insertPlan(planId, rootProcessor, rootDate, reason, RepairPlan.RUNNING, createdAt, null, null, earliestTipoff,
                correlationId);
    }

    public synchronized void planFinished(String planId, String rootProcessor, LocalDate rootDate, String state,
            Instant finishedAt, String detail, String correlationId) {
        if (planRow(planId).isPresent()) {
            warehouse.execute(Sql.of("UPDATE " + tables.plans() + " SET state = @s, finished_at = @at, detail = @detail"
                    + " WHERE plan_id = @id")
                    .bind("id", planId).bind("s", state).bind("at", finishedAt).bind("detail", detail));
            return;
        }
        insertPlan(planId, rootProcessor, rootDate, null, state, null, finishedAt, detail, null, correlationId);
    }

    private void insertPlan(String planId, String rootProcessor, LocalDate rootDate, String reason, String state,
            Instant createdAt, Instant finishedAt, String detail, Instant earliestTipoff, String correlationId) {
        warehouse.execute(Sql.of("INSERT INTO " + tables.plans() + " (plan_id, root_processor, root_data_date,"
                + " reason, state, created_at, finished_at, detail, earliest_tipoff_at, correlation_id)"
                + " VALUES (@id, @p, @d, @r, @s, @at, @fin, @detail, @t, @c)")
                .bind("id", planId).bind("p", rootProcessor).bind("d", rootDate).bind("r", reason).bind("s", state)
                .bind("at", createdAt).bind("fin", finishedAt).bind("detail", detail).bind("t", earliestTipoff)
                .bind("c", correlationId));
    }

    /** Records a step's state; ignored when the stored step is at a later attempt or a later state. */
    public synchronized void step(String planId, RepairPlan.Step step) {
        List<Row> rows = warehouse.query(Sql.of("SELECT state, attempt, depends_on FROM " + tables.planSteps()
                + " WHERE plan_id = @id AND step_id = @s").bind("id", planId).bind("s", step.stepId()));
        String dependsOn = step.dependsOn() == null ? null : String.join(",", step.dependsOn());
        if (rows.isEmpty()) {
            warehouse.execute(Sql.of("INSERT INTO " + tables.planSteps() + " (plan_id, step_id, processor, data_date,"
                    + " depends_on, state, attempt, degraded, updated_at, detail)"
                    + " VALUES (@id, @s, @p, @d, @deps, @st, @a, @deg, @at, @detail)")
                    .bind("id", planId).bind("s", step.stepId()).bind("p", step.processor())
                    .bind("d", step.dataDate()).bind("deps", dependsOn).bind("st", step.state())
                    .bind("a", step.attempt()).bind("deg", step.degraded()).bind("at", step.updatedAt())
                    .bind("detail", step.detail()));
            return;
        }
        Row stored = rows.get(0);
        int storedAttempt = stored.getInt("attempt");
        boolean later = step.attempt() > storedAttempt
                || (step.attempt() == storedAttempt && stateRank(step.state()) > stateRank(stored.getString("state")));
        if (!later) {
            return;
        }
        warehouse.execute(Sql.of("UPDATE " + tables.planSteps() + " SET state = @st, attempt = @a, degraded = @deg,"
                + " updated_at = @at, detail = @detail, depends_on = @deps WHERE plan_id = @id AND step_id = @s")
                .bind("id", planId).bind("s", step.stepId()).bind("st", step.state()).bind("a", step.attempt())
                .bind("deg", step.degraded()).bind("at", step.updatedAt()).bind("detail", step.detail())
                .bind("deps", dependsOn != null ? dependsOn : stored.getString("depends_on")));
    }

    private static int stateRank(String state) {
        return switch (state) {
            case "planned" -> 0;
            case "triggered" -> 1;
            default -> 2;
        };
    }

    private Optional<Row> planRow(String planId) {
        return warehouse.query(Sql.of("SELECT plan_id FROM " + tables.plans() + " WHERE plan_id = @id")
                .bind("id", planId)).stream().findFirst();
    }

    /** Plans still running, plus those finished since {@code finishedSince}, newest first, with their steps. */
    public List<RepairPlan> runningOrFinishedSince(Instant finishedSince) {
        return plans(warehouse.query(Sql.of("SELECT * FROM " + tables.plans()
                + " WHERE state = @running OR finished_at >= @since ORDER BY created_at DESC")
                .bind("running", RepairPlan.RUNNING).bind("since", finishedSince)));
    }

    /** Plans about a date: rooted at it or the day before, or with a step for it. */
    public List<RepairPlan> touching(LocalDate date) {
        return plans(warehouse.query(Sql.of("SELECT * FROM " + tables.plans() + " WHERE root_data_date >= @before"
                + " AND root_data_date <= @d OR plan_id IN (SELECT plan_id FROM " + tables.planSteps()
                + " WHERE data_date = @d) ORDER BY created_at")
                .bind("before", date.minusDays(1)).bind("d", date)));
    }

    private List<RepairPlan> plans(List<Row> planRows) {
        Map<String, List<RepairPlan.Step>> steps = new LinkedHashMap<>();
        List<RepairPlan> out = new ArrayList<>();
        for (Row p : planRows) {
            String id = p.getString("plan_id");
            List<RepairPlan.Step> planSteps = steps.computeIfAbsent(id, this::stepsOf);
            out.add(new RepairPlan(id, p.getString("root_processor"), p.getLocalDate("root_data_date"),
                    p.getString("reason"), p.getString("state"), p.getInstant("created_at"),
                    p.getInstant("finished_at"), p.getString("detail"), p.getInstant("earliest_tipoff_at"),
                    planSteps));
        }
        return out;
    }

    private List<RepairPlan.Step> stepsOf(String planId) {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.planSteps() + " WHERE plan_id = @id")
                        .bind("id", planId))
                .stream().map(r -> new RepairPlan.Step(r.getString("step_id"), r.getString("processor"),
                        r.getLocalDate("data_date"), r.getString("depends_on") == null ? List.of()
                                : Arrays.stream(r.getString("depends_on").split(",")).filter(s -> !s.isBlank())
                                        .toList(),
                        r.getString("state"), r.getInt("attempt"), Boolean.TRUE.equals(r.getBoolean("degraded")),
                        r.getInstant("updated_at"), r.getString("detail")))
                .sorted(Comparator.comparing(RepairPlan.Step::dataDate)
                        .thenComparingInt(s -> topology.rank(s.processor()))
                        .thenComparing(RepairPlan.Step::stepId))
                .toList();
    }
}
