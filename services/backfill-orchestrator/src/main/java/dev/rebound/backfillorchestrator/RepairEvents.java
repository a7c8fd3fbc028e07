package dev.rebound.backfillorchestrator;

import dev.rebound.events.EventPayload;

/** Where the engine's triggers, lifecycle events and alerts go (Pub/Sub in the service); returns once accepted. */
public interface RepairEvents {
    void publish(EventPayload payload, String correlationId);
}
