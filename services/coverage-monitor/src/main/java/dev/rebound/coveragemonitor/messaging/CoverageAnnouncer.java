package dev.rebound.coveragemonitor.messaging;

import dev.rebound.coveragemonitor.forecast.Announcement;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.events.internal.DailyHealthSummary;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Everything this service publishes goes into the runtime's outbox, inside the transaction that decided it, so it is
 * published if and only if that decision committed. Gap announcements and daily summaries carry ce-ids derived from
 * the decision (the same decision can never be announced under two ids); a gap and its later escalation and
 * resolution share an ordering key, so they leave in the order they were decided.
 */
@ApplicationScoped
public class CoverageAnnouncer {
    private final Outbox outbox;
    private final String source;
    private final ScenarioClock clock;

    public CoverageAnnouncer(Outbox outbox, EventPublisher publisher, ScenarioClock clock) {
        this.outbox = outbox;
        this.source = publisher.source();
        this.clock = clock;
    }

    /**
     * Queues a gap's announcement (raised, escalated or resolved) under {@code eventId}, decided at {@code at};
     * false when that very announcement is queued already.
     */
    public boolean gap(String eventId, LocalDate gameDate, String gameId, String phase, EventPayload payload,
            String correlationId, Instant at) {
        return outbox.add(Event.of(eventId, source, at, payload, correlationId, Map.of()),
                "coverage-gap/" + gameDate + "/" + gameId + "/" + phase);
    }

    /** Queues an incident's change under {@code eventId}; one incident's changes leave in the order decided. */
    public boolean incident(String eventId, String incidentId, EventPayload payload, String correlationId,
            Instant at) {
        return outbox.add(Event.of(eventId, source, at, payload, correlationId, Map.of()), "incident/" + incidentId);
    }

    /**
     * Queues a deadline announcement (at risk or recovered) under the id the episode rules derived from it; one
     * date's announcements leave in the order decided. False when that very announcement is queued already.
     */
    public boolean deadline(Announcement a, LocalDate gameDate, Instant at) {
        return outbox.add(Event.of(a.eventId(), source, at, a.payload(), a.correlationId(), Map.of()),
                "deadline/" + gameDate);
    }

    /** Queues an evaluation's coverage report; one date's reports leave in the order they were made. */
    public void report(CoverageReport report) {
        outbox.add(Event.of(source, clock.instant(), report, null), "coverage-report/" + report.gameDate());
    }

    /** Queues a date's daily summary under {@code eventId}. */
    public void dailySummary(String eventId, DailyHealthSummary summary) {
        outbox.add(Event.of(eventId, source, summary.generatedAt(), summary, null, Map.of()), null);
    }
}
