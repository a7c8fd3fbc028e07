package dev.rebound.testing;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The probe service's handler: records every event, and fails a chosen ce-id a number of times first. */
@ApplicationScoped
public class RecordingHandler implements EventHandler {
    private final List<Event<?>> handled = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    @Override
    public Set<EventType> handles() {
        return EnumSet.allOf(EventType.class);
    }

    @Override
    public void handle(Event<?> event) {
        AtomicInteger left = failuresLeft.get(event.id());
        if (left != null && left.getAndDecrement() > 0) {
            throw new IllegalStateException("simulated transient failure for " + event.id());
        }
        handled.add(event);
    }

    public void failTransiently(String ceId, int times) {
        failuresLeft.put(ceId, new AtomicInteger(times));
    }

    public List<Event<?>> handled() {
        return handled;
    }

    public List<Event<?>> handled(String ceId) {
        return handled.stream().filter(e -> e.id().equals(ceId)).toList();
    }
}
