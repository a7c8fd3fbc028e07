package dev.rebound.runtime.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.observability.CurrentTrace;
import dev.rebound.runtime.observability.EventObservability;
import dev.rebound.events.TraceContext;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * "Publish after a durable change", the one way every service does it: {@link #add} writes the event as a row of
 * the outbox in the caller's transaction, so it exists if and only if the state change that decided it committed.
 * The {@link OutboxRelay} publishes it afterwards with the ce-id fixed here. Events are validated (encoded) when
 * added, so an invalid event fails the transaction that made it rather than the relay later.
 */
@ApplicationScoped
public class Outbox {
    private final StateStore store;
    private final EventCodec codec;
    private final ScenarioClock clock;
    private final EventPublisher publisher;
    private final EventObservability observability;
    private final OutboxRelayWorker relay;

    public Outbox(StateStore store, EventCodec codec, ScenarioClock clock, EventPublisher publisher,
            EventObservability observability, OutboxRelayWorker relay) {
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.publisher = publisher;
        this.observability = observability;
        this.relay = relay;
    }

    /** A new event from this service (fresh ce-id, ce-time now), published once the transaction commits. */
    public <T extends EventPayload> Event<T> add(T payload, String correlationId) {
        Event<T> event = Event.of(publisher.source(), clock.instant(), payload, correlationId);
        add(event, null);
        return event;
    }

    /**
     * Adds a prepared event; {@code orderingKey} (may be null) keeps this event behind every earlier unsent event
     * of the same key. An event whose ce-id is already in the outbox is not added again (returns false).
     */
    public boolean add(Event<?> event, String orderingKey) {
        Event<?> traced = event;
        if (!event.attributes().extensions().containsKey(TraceContext.ATTRIBUTE)) {
            TraceContext span = CurrentTrace.get().map(TraceContext::child).orElseGet(TraceContext::newRoot);
            traced = new Event<>(event.attributes().withExtension(TraceContext.ATTRIBUTE, span.traceparent()),
                    event.data());
        }
        EncodedMessage message = codec.encode(traced);
        Event<?> added = traced;
        return store.inTransaction(() -> {
            long inserted = store.execute(Sql.of("INSERT INTO outbox (event_id, topic, ce_type, ordering_key,"
                            + " attributes, data) VALUES (@event_id, @topic, @ce_type, @ordering_key, @attributes,"
                            + " @data) ON CONFLICT (event_id) DO NOTHING")
                    .bind("event_id", added.id()).bind("topic", added.type().topic())
                    .bind("ce_type", added.type().ceType()).bind("ordering_key", orderingKey)
                    .bind("attributes", json(message.attributes())).bind("data", message.data()));
            if (inserted == 1) {
                store.afterCommit(() -> {
                    observability.published(added);
                    relay.wake();
                });
            }
            return inserted == 1;
        });
    }

    static String json(Map<String, String> attributes) {
        try {
            return Json.mapper().writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attributes are plain strings", e);
        }
    }
}
