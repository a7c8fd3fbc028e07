package dev.rebound.events.internal;

import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.input.stale.v1}: an input (e.g. a scraper's files) did not arrive by its expected time. */
public record InputStale(String input, String kind, LocalDate dataDate, Instant expectedBy, int objectsSeen,
        Instant detectedAt, Severity severity, String detail, Instant lastObjectAt) implements EventPayload {
    public InputStale {
        detail = ContractBounds.text(detail);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("detected_at", detectedAt);
    }
}
