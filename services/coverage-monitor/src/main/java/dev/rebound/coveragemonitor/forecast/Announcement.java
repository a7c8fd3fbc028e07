package dev.rebound.coveragemonitor.forecast;

import dev.rebound.events.EventPayload;

/**
 * An event the episode rules decided to publish. {@code eventId} is derived from the change itself (date, episode,
 * cause, severity), so whoever decides the same change, however often, queues the same id: it becomes the ce-id.
 */
public record Announcement(String eventId, EventPayload payload, String correlationId) {
}
