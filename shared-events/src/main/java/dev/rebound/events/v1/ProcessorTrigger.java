package dev.rebound.events.v1;

import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.trigger.v1} on {@code processor-triggers}; attribute {@code processor} is set. */
public record ProcessorTrigger(String processor, LocalDate dataDate, String reason, String backfillId, int attempt,
        Instant requestedAt) implements RunScoped {
}
