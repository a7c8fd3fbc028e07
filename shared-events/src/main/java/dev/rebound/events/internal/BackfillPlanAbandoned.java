package dev.rebound.events.internal;

import dev.rebound.events.Cause;
import dev.rebound.events.EventPayload;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code rebound.backfill.plan_abandoned.v1}. */
public record BackfillPlanAbandoned(String planId, Instant abandonedAt, String rootProcessor, LocalDate rootDataDate,
        PlanStep failedStep, int attempts, String reason, List<Cause> causeChain) implements EventPayload {
    public BackfillPlanAbandoned {
        reason = ContractBounds.text(reason);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("abandoned_at", abandonedAt);
    }
}
