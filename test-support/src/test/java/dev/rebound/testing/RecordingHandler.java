package dev.rebound.testing;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.push.EventHandler;
import dev.rebound.runtime.warehouse.WarehouseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLTransientConnectionException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe service's handler: records every event; fails a chosen ce-id transiently a number of times first, or
 * deterministically every time.
 */
@ApplicationScoped
public class RecordingHandler implements EventHandler {
    private final List<Event<?>> handled = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failingForGood = new ConcurrentHashMap<>();

    @Override
    public Set<EventType> handles() {
        return EnumSet.allOf(EventType.class);
    }

    private final EventPublisher publisher;

    public RecordingHandler(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** A completion whose run_id starts with "relay-" is answered with a trigger: one hop of a repair chain. */
    @Override
    public void handle(Event<?> event) {
        if (event.data() instanceof ProcessorCompleted done && done.runId().startsWith("relay-")) {
            publisher.publish(new ProcessorTrigger(done.processor(), done.dataDate(), "relay " + done.runId(),
                    done.runId(), 1, done.completedAt()), event.attributes().correlationId());
        }
        AtomicInteger left = failuresLeft.get(event.id());
        if (left != null && left.getAndDecrement() > 0) {
            throw new WarehouseException("simulated outage while handling " + event.id(),
                    new SQLTransientConnectionException("Connection refused", "08001"));
        }
        AtomicInteger attempts = failingForGood.get(event.id());
        if (attempts != null) {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("simulated bug: cannot handle " + event.id());
        }
        handled.add(event);
    }

    /** The next {@code times} attempts on this ce-id fail as if the database were down. */
    public void failTransiently(String ceId, int times) {
        failuresLeft.put(ceId, new AtomicInteger(times));
    }

    /** Every attempt on this ce-id fails the same way, as a bug in the handler would. */
    public void failDeterministically(String ceId) {
        failingForGood.put(ceId, new AtomicInteger());
    }

    /** How often a ce-id given to {@link #failDeterministically} was attempted. */
    public int attempts(String ceId) {
        return failingForGood.get(ceId).get();
    }

    public List<Event<?>> handled() {
        return handled;
    }

    public List<Event<?>> handled(String ceId) {
        return handled.stream().filter(e -> e.id().equals(ceId)).toList();
    }
}
