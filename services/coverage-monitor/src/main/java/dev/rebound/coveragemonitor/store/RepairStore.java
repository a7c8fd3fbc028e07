package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.RepairPlan;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Repair plans and steps from the backfill lifecycle. Lifecycle events may arrive out of order, twice, or at once on
 * two instances: each is one upsert whose conditions keep the later state, so a plan's final state is never replaced
 * by "running", and a step only moves to a later attempt or a later state of the same attempt (planned, triggered,
 * then completed or failed).
 */
@ApplicationScoped
public class RepairStore {
    /** The order of a step's states within one attempt. */
    private static final String STATE_RANK = "CASE %s WHEN 'planned' THEN 0 WHEN 'triggered' THEN 1 ELSE 2 END";

    private final StateStore store;
    private final Topology topology;

    public RepairStore(StateStore store, Topology topology) {
        this.store = store;
        this.topology = topology;
    }

    /** A plan was created: its description is recorded; a state a later event already recorded is kept. */
    public void planCreated(String planId, String rootProcessor, LocalDate rootDate, String reason,
            Instant createdAt, Instant earliestTipoff, String correlationId) {
        store.execute(Sql.of("INSERT INTO coverage_plans (plan_id, root_processor, root_data_date, reason, state,"
                        + " created_at, earliest_tipoff_at, correlation_id) VALUES (@id, @p, @d, @r, @s, @at, @t, @c)"
                        + " ON CONFLICT (plan_id) DO UPDATE SET root_processor = EXCLUDED.root_processor,"
                        + " root_data_date = EXCLUDED.root_data_date, reason = EXCLUDED.reason,"
                        + " created_at = EXCLUDED.created_at, earliest_tipoff_at = EXCLUDED.earliest_tipoff_at")
                .bind("id", planId).bind("p", rootProcessor).bind("d", rootDate).bind("r", reason)
                .bind("s", RepairPlan.RUNNING).bind("at", createdAt).bind("t", earliestTipoff)
                .bind("c", correlationId));
    }

    /** A plan completed or was abandoned (possibly before its creation was seen). */
    public void planFinished(String planId, String rootProcessor, LocalDate rootDate, String state,
            Instant finishedAt, String detail, String correlationId) {
        store.execute(Sql.of("INSERT INTO coverage_plans (plan_id, root_processor, root_data_date, state,"
                        + " finished_at, detail, correlation_id) VALUES (@id, @p, @d, @s, @at, @detail, @c)"
                        + " ON CONFLICT (plan_id) DO UPDATE SET state = EXCLUDED.state,"
                        + " finished_at = EXCLUDED.finished_at, detail = EXCLUDED.detail")
                .bind("id", planId).bind("p", rootProcessor).bind("d", rootDate).bind("s", state)
                .bind("at", finishedAt).bind("detail", detail).bind("c", correlationId));
    }

    /** Records a step's state; ignored when the stored step is at a later attempt or a later state. */
    public void step(String planId, RepairPlan.Step step) {
        String dependsOn = step.dependsOn() == null ? null : String.join(",", step.dependsOn());
        store.execute(Sql.of("INSERT INTO coverage_plan_steps AS s (plan_id, step_id, processor, data_date,"
                        + " depends_on, state, attempt, degraded, updated_at, detail)"
                        + " VALUES (@id, @s, @p, @d, @deps, @st, @a, @deg, @at, @detail)"
                        + " ON CONFLICT (plan_id, step_id) DO UPDATE SET state = EXCLUDED.state,"
                        + " attempt = EXCLUDED.attempt, degraded = EXCLUDED.degraded, updated_at = EXCLUDED.updated_at,"
                        + " detail = EXCLUDED.detail, depends_on = COALESCE(EXCLUDED.depends_on, s.depends_on)"
                        + " WHERE EXCLUDED.attempt > s.attempt OR (EXCLUDED.attempt = s.attempt AND "
                        + STATE_RANK.formatted("EXCLUDED.state") + " > " + STATE_RANK.formatted("s.state") + ")")
                .bind("id", planId).bind("s", step.stepId()).bind("p", step.processor()).bind("d", step.dataDate())
                .bind("deps", dependsOn).bind("st", step.state()).bind("a", step.attempt())
                .bind("deg", step.degraded()).bind("at", step.updatedAt()).bind("detail", step.detail()));
    }

    /** Plans still running, plus those finished since {@code finishedSince}, newest first, with their steps. */
    public List<RepairPlan> runningOrFinishedSince(Instant finishedSince) {
        return plans(store.query(Sql.of("SELECT * FROM coverage_plans WHERE state = @running"
                        + " OR finished_at >= @since ORDER BY created_at DESC NULLS LAST, plan_id")
                .bind("running", RepairPlan.RUNNING).bind("since", finishedSince)));
    }

    /** Plans about a date: rooted at it or the day before, or with a step for it. */
    public List<RepairPlan> touching(LocalDate date) {
        return plans(store.query(Sql.of("SELECT * FROM coverage_plans WHERE root_data_date >= @before"
                        + " AND root_data_date <= @d OR plan_id IN (SELECT plan_id FROM coverage_plan_steps"
                        + " WHERE data_date = @d) ORDER BY created_at NULLS FIRST, plan_id")
                .bind("before", date.minusDays(1)).bind("d", date)));
    }

    private List<RepairPlan> plans(List<Row> planRows) {
        List<RepairPlan> out = new ArrayList<>();
        for (Row p : planRows) {
            String id = p.getString("plan_id");
            out.add(new RepairPlan(id, p.getString("root_processor"), p.getLocalDate("root_data_date"),
                    p.getString("reason"), p.getString("state"), p.getInstant("created_at"),
                    p.getInstant("finished_at"), p.getString("detail"), p.getInstant("earliest_tipoff_at"),
                    stepsOf(id)));
        }
        return out;
    }

    private List<RepairPlan.Step> stepsOf(String planId) {
        return store.query(Sql.of("SELECT * FROM coverage_plan_steps WHERE plan_id = @id").bind("id", planId))
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
