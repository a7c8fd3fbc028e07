package dev.rebound.client;

import dev.rebound.events.Event;

/**
 * Where the client's events go. {@link PubSubSink} publishes to Pub/Sub; a host that already has a publisher (the
 * pipeline simulator, for one) passes its own. The client has validated the event and retries a sink that throws.
 */
@FunctionalInterface
public interface EventSink {

    /** Returns once the event is accepted; throws when it was not, and the client tries again with backoff. */
    void publish(Event<?> event) throws Exception;
}
