package dev.rebound.events.v1;

import dev.rebound.events.Severity;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.util.List;

/**
 * {@code pipeline.incident.escalated.v1} on {@code pipeline-alerts}: an incident's severity rose above the highest
 * it had (a new page). The four incident events share one shape ({@link IncidentEvent}); docs/events.md describes
 * each field.
 */
public record IncidentEscalated(String incidentId, String rootCause, String title, Severity severity,
        Severity previousSeverity, IncidentChange change, int episode, Instant openedAt, Instant changedAt,
        List<IncidentAlert> alerts) implements IncidentEvent {
    public IncidentEscalated {
        title = ContractBounds.text(title);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("changed_at", changedAt);
    }
}
