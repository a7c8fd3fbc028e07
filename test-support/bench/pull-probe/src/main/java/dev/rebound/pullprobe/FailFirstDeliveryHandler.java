package dev.rebound.pullprobe;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.runtime.push.EventHandler;
import dev.rebound.runtime.push.TransientFailureException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probe's handler: heartbeats whose run id contains {@link #FAILS_ONCE} fail on their first delivery with a
 * {@link TransientFailureException}, so the runtime answers {@code retried} (nack, or 5xx by push) rather than try
 * again locally, and succeed on the next; every delivery that reaches the handler is timed, so the benchmark can
 * read when each event failed and when it was processed.
 */
@ApplicationScoped
public class FailFirstDeliveryHandler implements EventHandler {
    public static final String FAILS_ONCE = "-fails-once-";

    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();

    @Override
    public Set<EventType> handles() {
        return EnumSet.of(EventType.PROCESSOR_HEARTBEAT);
    }

    @Override
    public void handle(Event<?> event) {
        String runId = ((ProcessorHeartbeat) event.data()).runId();
        Delivery delivery = deliveries.computeIfAbsent(event.id(), id -> new Delivery(id, runId));
        boolean first = delivery.handled.getAndIncrement() == 0;
        if (first && runId.contains(FAILS_ONCE)) {
            delivery.failedAtMicros = nowMicros();
            throw new TransientFailureException("simulated transient failure of " + event.id());
        }
        delivery.processedAtMicros = nowMicros();
    }

    public Collection<Delivery> deliveries() {
        return deliveries.values();
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** One event as the handler saw it; times are epoch microseconds, 0 when it did not happen (yet). */
    public static final class Delivery {
        final String ceId;
        final String runId;
        final AtomicInteger handled = new AtomicInteger();
        volatile long failedAtMicros;
        volatile long processedAtMicros;

        Delivery(String ceId, String runId) {
            this.ceId = ceId;
            this.runId = runId;
        }
    }
}
