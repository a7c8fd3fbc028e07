package dev.rebound.coveragemonitor.incident;

import dev.rebound.events.Severity;
import dev.rebound.events.v1.IncidentAlert;
import java.time.Instant;
import java.util.List;

/**
 * One root cause's alerts and where they stand. {@code severity} is the highest of its active alerts;
 * {@code peakSeverity} the highest it was announced at (opened or escalated), which a page must exceed.
 */
public record Incident(String incidentId, String rootCause, String title, IncidentState state, Severity severity,
        Severity peakSeverity, int episode, int seq, Instant openedAt, Instant changedAt, Instant resolvedAt,
        String correlationId, List<IncidentAlert> alerts) {

    public enum IncidentState {
        OPEN, RESOLVED
    }
}
