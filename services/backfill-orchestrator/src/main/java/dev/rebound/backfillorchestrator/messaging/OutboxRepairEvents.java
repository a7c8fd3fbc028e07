package dev.rebound.backfillorchestrator.messaging;

import dev.rebound.backfillorchestrator.RepairEvents;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The engine's events into the runtime's outbox, in the decision's transaction: triggers to processor-triggers,
 * lifecycle events to backfill-events, alerts to pipeline-alerts (by type), published by the relay after commit.
 */
@ApplicationScoped
public class OutboxRepairEvents implements RepairEvents {
    private final Outbox outbox;
    private final String source;
    private final ScenarioClock clock;

    public OutboxRepairEvents(Outbox outbox, EventPublisher publisher, ScenarioClock clock) {
        this.outbox = outbox;
        this.source = publisher.source();
        this.clock = clock;
    }

    @Override
    public void add(String eventId, EventPayload payload, String correlationId, String orderingKey) {
        outbox.add(Event.of(eventId, source, clock.instant(), payload, correlationId, Map.of()), orderingKey);
    }
}
