package dev.rebound.backfillorchestrator.messaging;

import dev.rebound.backfillorchestrator.RepairEvents;
import dev.rebound.events.EventPayload;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;

/** Triggers to processor-triggers, lifecycle events to backfill-events, alerts to pipeline-alerts (by type). */
@ApplicationScoped
public class PubSubRepairEvents implements RepairEvents {
    private final EventPublisher publisher;

    public PubSubRepairEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(EventPayload payload, String correlationId) {
        publisher.publish(payload, correlationId);
    }
}
