package dev.rebound.events.v1;

import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import java.time.Instant;
import java.util.List;

/**
 * The shape every incident event shares: an incident groups the alerts of one root cause (e.g. a stuck run, the
 * failures downstream of it and the coverage gaps it leaves; a stale input and the gaps it leaves).
 *
 * @param rootCause the cause's key, {@code processor:<name>} or {@code scraper:<name>} (or {@code phase:<name>} for a
 *                  gap no known cause explains)
 * @param episode   1 when opened, +1 each time it reopens
 * @param alerts    the incident's alerts, oldest first, at most {@link #MAX_ALERTS}
 */
public sealed interface IncidentEvent extends EventPayload
        permits IncidentOpened, IncidentEscalated, IncidentUpdated, IncidentResolved {

    /** The schema's bound on {@code alerts}: an incident lists its newest alerts up to this many. */
    int MAX_ALERTS = 100;

    String incidentId();

    String rootCause();

    String title();

    Severity severity();

    Severity previousSeverity();

    IncidentChange change();

    int episode();

    Instant openedAt();

    Instant changedAt();

    List<IncidentAlert> alerts();

    /** The event for a change: opened, escalated, resolved, or an update (symptom, reopen). */
    static IncidentEvent of(String incidentId, String rootCause, String title, Severity severity,
            Severity previousSeverity, IncidentChange change, int episode, Instant openedAt, Instant changedAt,
            List<IncidentAlert> alerts) {
        return switch (change) {
            case OPENED -> new IncidentOpened(incidentId, rootCause, title, severity, previousSeverity, change,
                    episode, openedAt, changedAt, alerts);
            case ESCALATED -> new IncidentEscalated(incidentId, rootCause, title, severity, previousSeverity, change,
                    episode, openedAt, changedAt, alerts);
            case RESOLVED -> new IncidentResolved(incidentId, rootCause, title, severity, previousSeverity, change,
                    episode, openedAt, changedAt, alerts);
            case SYMPTOM_ADDED, SYMPTOM_CLEARED, REOPENED -> new IncidentUpdated(incidentId, rootCause, title,
                    severity, previousSeverity, change, episode, openedAt, changedAt, alerts);
        };
    }
}
