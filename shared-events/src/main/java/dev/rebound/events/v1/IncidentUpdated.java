package dev.rebound.events.v1;

import dev.rebound.events.Severity;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.util.List;

/**
 * {@code pipeline.incident.updated.v1} on {@code pipeline-alerts}: an incident gained or cleared a symptom, or
 * reopened within the reopen window; no page. The four incident events share one shape ({@link IncidentEvent});
 * docs/events.md describes each field.
 */
public record IncidentUpdated(String incidentId, String rootCause, String title, Severity severity,
        Severity previousSeverity, IncidentChange change, int episode, Instant openedAt, Instant changedAt,
        List<IncidentAlert> alerts) implements IncidentEvent {
    public IncidentUpdated {
        title = ContractBounds.text(title);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("changed_at", changedAt);
    }
}
