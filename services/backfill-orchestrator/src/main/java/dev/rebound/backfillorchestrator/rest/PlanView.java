package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.RepairPlan;
import dev.rebound.backfillorchestrator.RepairStep;
import dev.rebound.events.Cause;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A plan as operators see it: steps with state and attempts, and the cause chain. */
public record PlanView(String planId, String status, String reason, String rootProcessor, LocalDate rootDataDate,
        String correlationId, Instant createdAt, Instant earliestTipoffAt, Instant closedAt, String closeReason,
        List<StepView> steps, List<Cause> causeChain) {

    public record StepView(String stepId, String processor, LocalDate dataDate, List<String> dependsOn, String state,
            int attempts, Instant triggeredAt, Instant nextAttemptAt, Instant doneAt, boolean degraded,
            Double upstreamCoverage, String runId, String detail) {
    }

    /** {@code GET /plans}: the plans in progress, the triggers out, and the most recent plans from the store. */
    public record PlanList(List<PlanView> active, int stepsInFlight, List<PlanView> recent) {
    }

    public static PlanView of(RepairPlan plan) {
        return new PlanView(plan.planId(), plan.status().wire(), plan.reason(), plan.root().processor(),
                plan.root().dataDate(), plan.correlationId(), plan.createdAt(), plan.earliestTipoffAt(),
                plan.closedAt(), plan.closeReason(), plan.steps().stream().map(PlanView::step).toList(),
                plan.causeChain());
    }

    private static StepView step(RepairStep s) {
        return new StepView(s.stepId(), s.run().processor(), s.run().dataDate(), s.dependsOn(), s.state().wire(),
                s.attempts(), s.triggeredAt(), s.nextAttemptAt(), s.doneAt(), s.degraded(), s.upstreamCoverage(),
                s.runId(), s.detail());
    }
}
