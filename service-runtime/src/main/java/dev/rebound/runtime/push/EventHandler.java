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

    /**
     * Of {@link #handles()}, the types this handler makes idempotent by its own state alone: handling one again
     * finds nothing left to change and publishes nothing (a guarded update that only moves forward, say). For these
     * the runtime skips its ce-id ledger — no lookup, no record — which saves two warehouse round trips on the
     * hottest streams. Everything else goes through the ledger. Default: none.
     */
    default Set<EventType> idempotentByOwnState() {
        return Set.of();
    }

    /**
     * Of {@link #idempotentByOwnState()}, the types whose handling commits its own writes: the runtime opens no
     * transaction for them (and holds no connection while the handler runs), and the handler makes its writes durable
     * before it returns — one statement, or a transaction of its own ({@code StateStore.inTransaction}). What lets a
     * handler commit the writes of several messages that arrive together as one (group commit). Default: none.
     */
    default Set<EventType> committedByItself() {
        return Set.of();
    }
}
