package dev.rebound.backfillorchestrator;

import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.BackfillPlanAbandoned;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.PlanStep;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What each plan decision tells the mesh — the processor trigger, the plan's lifecycle events and the abandoned-plan
 * alert — queued in the decision's transaction. Every ce-id is derived from the decision (plan, step, attempt, what),
 * so a decision can be announced once only: a trigger is one processor start per attempt however often anything
 * is retried. A plan's events share its id as ordering key and leave in the order they were decided; triggers have
 * no key, so a lifecycle event that cannot be published never holds a repair back.
 */
final class PlanAnnouncer {
    private final RepairEvents events;

    PlanAnnouncer(RepairEvents events) {
        this.events = events;
    }

    void created(RepairPlan plan) {
        lifecycle(plan, new BackfillPlanCreated(plan.planId(), plan.createdAt(), plan.root().processor(),
                plan.root().dataDate(), plan.reason(), plan.causeChain(),
                plan.steps().stream().map(PlanAnnouncer::planStep).toList(), plan.earliestTipoffAt()), "created");
    }

    void triggered(RepairPlan plan, RepairStep step) {
        RunKey run = step.run();
        String attempt = Integer.toString(step.attempts());
        events.add(eventId("trigger", plan.planId(), step.stepId(), attempt),
                new ProcessorTrigger(run.processor(), run.dataDate(), "backfill: " + plan.reason(), plan.planId(),
                        step.attempts(), step.triggeredAt()), plan.correlationId(), null);
        lifecycle(plan, new BackfillStepTriggered(plan.planId(), step.stepId(), run.processor(), run.dataDate(),
                step.attempts(), step.triggeredAt(), step.degraded(), plan.causeChain(), step.upstreamCoverage()),
                "step-triggered", step.stepId(), attempt);
    }

    void stepCompleted(RepairPlan plan, RepairStep step) {
        int attempt = Math.max(1, step.attempts());
        lifecycle(plan, new BackfillStepDone(plan.planId(), step.stepId(), step.run().processor(),
                step.run().dataDate(), attempt, BackfillStepDone.Outcome.COMPLETED, step.doneAt(), step.degraded(),
                plan.causeChain(), step.runId(), step.detail()), "step-completed", step.stepId(),
                Integer.toString(attempt));
    }

    /** An attempt failed and the step waits for its next one; {@code why} says why and when. */
    void attemptFailed(RepairPlan plan, RepairStep step, Instant at, String why) {
        lifecycle(plan, new BackfillStepDone(plan.planId(), step.stepId(), step.run().processor(),
                step.run().dataDate(), step.attempts(), BackfillStepDone.Outcome.FAILED, at, step.degraded(),
                plan.causeChain(), null, why), "attempt-failed", step.stepId(), Integer.toString(step.attempts()));
    }

    /** The plan gave up ({@code failedStep} is the step it gave up on, if any): events plus one critical alert. */
    void abandoned(RepairPlan plan, RepairStep failedStep) {
        Instant at = plan.closedAt();
        String why = plan.closeReason();
        int attempts = failedStep != null ? failedStep.attempts() : 0;
        RunKey run = failedStep != null ? failedStep.run() : plan.root();
        if (failedStep != null) {
            lifecycle(plan, new BackfillStepDone(plan.planId(), failedStep.stepId(), run.processor(), run.dataDate(),
                    Math.max(1, attempts), BackfillStepDone.Outcome.FAILED, at, failedStep.degraded(),
                    plan.causeChain(), null, why), "step-abandoned", failedStep.stepId());
        }
        PlanStep step = failedStep != null ? planStep(failedStep) : cancelledStep(run);
        lifecycle(plan, new BackfillPlanAbandoned(plan.planId(), at, plan.root().processor(), plan.root().dataDate(),
                step, attempts, why, plan.causeChain()), "abandoned");
        lifecycle(plan, new BackfillAbandonedAlert(plan.planId(), run.processor(), run.dataDate(), attempts, why,
                Severity.CRITICAL, at, plan.causeChain()), "abandoned-alert");
    }

    /**
     * An operator stopped the plan, or it closed without progress ({@code first} is the first step it had not
     * finished): the plan's end, no alert.
     */
    void closedWithoutAlert(RepairPlan plan, RepairStep first) {
        RunKey run = first != null ? first.run() : plan.root();
        lifecycle(plan, new BackfillPlanAbandoned(plan.planId(), plan.closedAt(), plan.root().processor(),
                plan.root().dataDate(), cancelledStep(run), first != null ? first.attempts() : 0, plan.closeReason(),
                plan.causeChain()), "cancelled");
    }

    void completed(RepairPlan plan) {
        int degraded = (int) plan.steps().stream().filter(RepairStep::degraded).count();
        lifecycle(plan, new BackfillPlanCompleted(plan.planId(), plan.closedAt(), plan.root().processor(),
                plan.root().dataDate(), plan.steps().size(), degraded, plan.causeChain()), "completed");
    }

    static PlanStep planStep(RepairStep step) {
        return new PlanStep(step.stepId(), step.run().processor(), step.run().dataDate(), step.dependsOn(),
                step.state().wire());
    }

    /** The ce-id of one decision's event: a name-based UUID of what was decided. */
    static String eventId(String... decision) {
        return UUID.nameUUIDFromBytes(String.join("\u0000", decision).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static PlanStep cancelledStep(RunKey run) {
        return new PlanStep(RepairStep.idOf(run), run.processor(), run.dataDate(), List.of(), "cancelled");
    }

    private void lifecycle(RepairPlan plan, EventPayload payload, String what, String... about) {
        String[] decision = new String[about.length + 2];
        decision[0] = what;
        decision[1] = plan.planId();
        System.arraycopy(about, 0, decision, 2, about.length);
        events.add(eventId(decision), payload, plan.correlationId(), plan.planId());
    }
}
