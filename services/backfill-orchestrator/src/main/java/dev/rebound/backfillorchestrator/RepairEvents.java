package dev.rebound.backfillorchestrator;

import dev.rebound.events.EventPayload;

/**
 * Where a decision's triggers, lifecycle events and alerts go: into the outbox of the decision's own transaction
 * (the service's {@code OutboxRepairEvents}), so each is published if and only if the decision committed.
 */
public interface RepairEvents {
    /**
     * Queues {@code payload} under ce-id {@code eventId}, derived from the decision so that the same decision can
     * never be announced twice; events with the same {@code orderingKey} are published in the order queued.
     */
    void add(String eventId, EventPayload payload, String correlationId, String orderingKey);
}
