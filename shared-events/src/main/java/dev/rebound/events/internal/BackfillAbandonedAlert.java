package dev.rebound.events.internal;

import dev.rebound.events.Cause;
import dev.rebound.events.RunScoped;
import dev.rebound.events.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code pipeline.backfill.abandoned.v1} on {@code pipeline-alerts}: names the step that exhausted its attempts. */
public record BackfillAbandonedAlert(String planId, String processor, LocalDate dataDate, int attempts, String reason,
        Severity severity, Instant detectedAt, List<Cause> causeChain) implements RunScoped {
}
