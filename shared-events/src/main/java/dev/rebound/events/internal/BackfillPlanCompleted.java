package dev.rebound.events.internal;

import dev.rebound.events.Cause;
import dev.rebound.events.EventPayload;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code rebound.backfill.plan_completed.v1}. */
public record BackfillPlanCompleted(String planId, Instant completedAt, String rootProcessor, LocalDate rootDataDate,
        int stepsTotal, int degradedSteps, List<Cause> causeChain) implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("completed_at", completedAt);
    }
}
