package dev.rebound.events.v1;

import dev.rebound.events.Severity;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.util.List;

/**
 * {@code pipeline.incident.resolved.v1} on {@code pipeline-alerts}: every alert of the incident was answered. The
 * four incident events share one shape ({@link IncidentEvent}); docs/events.md describes each field.
 */
public record IncidentResolved(String incidentId, String rootCause, String title, Severity severity,
        Severity previousSeverity, IncidentChange change, int episode, Instant openedAt, Instant changedAt,
        List<IncidentAlert> alerts) implements IncidentEvent {
    public IncidentResolved {
        title = ContractBounds.text(title);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("changed_at", changedAt);
    }
}
