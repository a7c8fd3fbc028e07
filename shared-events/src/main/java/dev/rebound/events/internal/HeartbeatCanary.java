package dev.rebound.events.internal;

import dev.rebound.events.EventPayload;
import java.time.Instant;

/**
 * {@code rebound.heartbeat.canary.v1} on {@code processor-heartbeats}: published by heartbeat-tracker onto the topic
 * processors send their heartbeats to, and delivered back to it by the same subscription. Its arrival proves that
 * heartbeats published before {@code sentAt} have had their chance to arrive, so silence is judged only up to the
 * newest canary back: a stalled subscription, a paused instance or a slow store looks like lag, not like N hung runs.
 * Every other consumer of the topic ignores it.
 */
public record HeartbeatCanary(String sender, Instant sentAt) implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("sent_at", sentAt);
    }
}
