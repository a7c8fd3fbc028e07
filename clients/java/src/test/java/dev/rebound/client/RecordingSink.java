package dev.rebound.client;

import dev.rebound.events.Event;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps what it was given, and refuses the first {@code failures} publishes like an unreachable Pub/Sub. */
final class RecordingSink implements EventSink {
    final List<Event<?>> published = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failuresLeft;

    RecordingSink(int failures) {
        this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public void publish(Event<?> event) throws IOException {
        attempts.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            throw new IOException("UNAVAILABLE: connection refused");
        }
        published.add(event);
    }

    /** Pub/Sub is back: every later publish succeeds. */
    void recover() {
        failuresLeft.set(0);
    }

    List<Object> payloads() {
        return published.stream().<Object>map(Event::data).toList();
    }
}
