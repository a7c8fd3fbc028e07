package dev.rebound.backfillorchestrator.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.backfillorchestrator.RepairPlan;
import dev.rebound.backfillorchestrator.RepairStep;
import dev.rebound.events.Cause;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A plan as operators see it: steps with state and attempts, and the cause chain. */
public record PlanView(@JsonProperty("plan_id") String planId, String status, String reason,
        @JsonProperty("root_processor") String rootProcessor, @JsonProperty("root_data_date") LocalDate rootDataDate,
        @JsonProperty("correlation_id") String correlationId, @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("earliest_tipoff_at") Instant earliestTipoffAt, @JsonProperty("closed_at") Instant closedAt,
        @JsonProperty("close_reason") String closeReason, List<StepView> steps,
        @JsonProperty("cause_chain") List<Cause> causeChain) {

    public record StepView(@JsonProperty("step_id") String stepId, String processor,
            @JsonProperty("data_date") LocalDate dataDate, @JsonProperty("depends_on") List<String> dependsOn,
            String state, int attempts, @JsonProperty("triggered_at") Instant triggeredAt,
            @JsonProperty("next_attempt_at") Instant nextAttemptAt, @JsonProperty("done_at") Instant doneAt,
            boolean degraded, @JsonProperty("upstream_coverage") Double upstreamCoverage,
            @JsonProperty("run_id") String runId, String detail) {
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
