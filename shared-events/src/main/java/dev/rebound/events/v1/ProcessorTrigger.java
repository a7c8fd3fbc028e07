package dev.rebound.events.v1;

import dev.rebound.events.RunScoped;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.trigger.v1} on {@code processor-triggers}; attribute {@code processor} is set. */
public record ProcessorTrigger(String processor, LocalDate dataDate, String reason, String backfillId, int attempt,
        Instant requestedAt) implements RunScoped {
    public ProcessorTrigger {
        reason = ContractBounds.text(reason);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("requested_at", requestedAt);
    }
}
