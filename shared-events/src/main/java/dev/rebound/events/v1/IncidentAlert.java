package dev.rebound.events.v1;

import dev.rebound.events.Severity;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One alert grouped into an incident: which alert ({@code alert_key}, stable across redeliveries and repeats of the
 * same verdict), its type, what it is about, and whether it still stands ({@code active}; cleared by the run,
 * recovery or resolution that answers it).
 *
 * @param subject what the alert is about: a processor, a scraper, a roster check, or {@code game_id/phase}
 */
public record IncidentAlert(String alertKey, String ceType, String subject, LocalDate dataDate, Severity severity,
        String detail, Instant detectedAt, boolean active) {
    public IncidentAlert {
        detail = ContractBounds.text(detail);
    }
}
