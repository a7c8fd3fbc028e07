package dev.rebound.events.internal;

import dev.rebound.events.Cause;
import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code rebound.backfill.step_triggered.v1}; degraded when upstream coverage was below 1 but above threshold. */
public record BackfillStepTriggered(String planId, String stepId, String processor, LocalDate dataDate, int attempt,
        Instant triggeredAt, boolean degraded, List<Cause> causeChain, Double upstreamCoverage) implements RunScoped {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("triggered_at", triggeredAt);
    }
}
