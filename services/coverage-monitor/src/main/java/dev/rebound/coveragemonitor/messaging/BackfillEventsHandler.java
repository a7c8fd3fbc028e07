package dev.rebound.coveragemonitor.messaging;

import dev.rebound.coveragemonitor.RepairPlan;
import dev.rebound.coveragemonitor.store.RepairStore;
import dev.rebound.events.Cause;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.internal.BackfillPlanAbandoned;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.PlanStep;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The orchestrator's repair lifecycle, kept for the dashboard ("repairs in flight") and the daily summary. */
@ApplicationScoped
public class BackfillEventsHandler implements EventHandler {
    private final RepairStore repairs;

    public BackfillEventsHandler(RepairStore repairs) {
        this.repairs = repairs;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.BACKFILL_PLAN_CREATED, EventType.BACKFILL_STEP_TRIGGERED,
                EventType.BACKFILL_STEP_DONE, EventType.BACKFILL_PLAN_COMPLETED, EventType.BACKFILL_PLAN_ABANDONED);
    }

    @Override
    public void handle(Event<?> event) {
        String correlationId = event.attributes().correlationId();
        Object data = event.data();
        if (data instanceof BackfillPlanCreated p) {
            repairs.planCreated(p.planId(), p.rootProcessor(), p.rootDataDate(), p.reason(), p.createdAt(),
                    p.earliestTipoffAt(), correlationId);
            for (PlanStep s : p.steps()) {
                repairs.step(p.planId(), new RepairPlan.Step(s.stepId(), s.processor(), s.dataDate(), s.dependsOn(),
                        s.state() == null ? "planned" : s.state(), 0, false, p.createdAt(), null));
            }
        } else if (data instanceof BackfillStepTriggered t) {
            String detail = t.upstreamCoverage() == null ? null
                    : "upstream coverage " + Math.round(t.upstreamCoverage() * 100) + "%";
            repairs.step(t.planId(), new RepairPlan.Step(t.stepId(), t.processor(), t.dataDate(), null, "triggered",
                    t.attempt(), t.degraded(), t.triggeredAt(), detail));
        } else if (data instanceof BackfillStepDone d) {
            repairs.step(d.planId(), new RepairPlan.Step(d.stepId(), d.processor(), d.dataDate(), null,
                    d.outcome().name().toLowerCase(Locale.ROOT), d.attempt(), d.degraded(), d.doneAt(), d.detail()));
        } else if (data instanceof BackfillPlanCompleted c) {
            String detail = c.stepsTotal() + " steps" + (c.degradedSteps() > 0 ? ", " + c.degradedSteps()
                    + " degraded" : "");
            repairs.planFinished(c.planId(), c.rootProcessor(), c.rootDataDate(), RepairPlan.COMPLETED,
                    c.completedAt(), detail, correlationId);
        } else if (data instanceof BackfillPlanAbandoned a) {
            repairs.planFinished(a.planId(), a.rootProcessor(), a.rootDataDate(), RepairPlan.ABANDONED,
                    a.abandonedAt(), a.reason() + describe(a.causeChain()), correlationId);
        }
    }

    private static String describe(List<Cause> chain) {
        if (chain == null || chain.isEmpty()) {
            return "";
        }
        Cause root = chain.get(0);
        return " (root: " + root.processor() + " " + root.dataDate() + " " + root.status() + ")";
    }
}
