package dev.rebound.events.internal;

import dev.rebound.events.Cause;
import dev.rebound.events.EventPayload;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code rebound.backfill.plan_created.v1}; steps are in topological order. */
public record BackfillPlanCreated(String planId, Instant createdAt, String rootProcessor, LocalDate rootDataDate,
        String reason, List<Cause> causeChain, List<PlanStep> steps, Instant earliestTipoffAt)
        implements EventPayload {
    public BackfillPlanCreated {
        reason = ContractBounds.text(reason);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("created_at", createdAt);
    }
}
