package dev.rebound.runtime.push;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import java.util.Set;

/**
 * A service's handling of contract events arriving by push. Return only once the work is durable; throw to have
 * Pub/Sub redeliver (5xx), or throw {@link EventRejectedException} for an event that can never be processed
 * (it is quarantined). Handlers must be idempotent: the same event may arrive again after a crash.
 */
public interface EventHandler {

    /** The ce-types this handler takes; other valid types arriving on the same topic are acknowledged unread. */
    Set<EventType> handles();

    void handle(Event<?> event) throws Exception;
}
