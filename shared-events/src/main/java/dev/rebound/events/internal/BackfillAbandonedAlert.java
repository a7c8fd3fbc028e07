package dev.rebound.events.internal;

import dev.rebound.events.Cause;
import dev.rebound.events.RunScoped;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code pipeline.backfill.abandoned.v1} on {@code pipeline-alerts}: names the step that exhausted its attempts. */
public record BackfillAbandonedAlert(String planId, String processor, LocalDate dataDate, int attempts, String reason,
        Severity severity, Instant detectedAt, List<Cause> causeChain) implements RunScoped {
    public BackfillAbandonedAlert {
        reason = ContractBounds.text(reason);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("detected_at", detectedAt);
    }
}
