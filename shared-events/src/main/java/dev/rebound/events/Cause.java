package dev.rebound.events;

import dev.rebound.events.codec.ContractBounds;
import java.time.LocalDate;

/** One link of a cause chain: a processor run (or input) for a date, its status and a human-readable detail. */
public record Cause(String processor, LocalDate dataDate, String status, String detail) {
    public Cause {
        detail = ContractBounds.text(detail);
    }
}
