package dev.rebound.runtime.push;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far behind this instance's deliveries are: the messages being handled now, and the oldest message Pub/Sub
 * handed over in the last minute (receipt minus publish time, on the real clock both sides use). A growing age is
 * Pub/Sub's own backlog signal (oldest unacked message) as the consumer sees it: undelivered messages only reach
 * a service late.
 */
@ApplicationScoped
public class DeliveryBacklog {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private Instant windowStart;
    private long windowMaxMillis;
    private long previousWindowMaxMillis;

    public DeliveryBacklog() {
        this(Clock.systemUTC());
    }

    DeliveryBacklog(Clock clock) {
        this.clock = clock;
        this.windowStart = clock.instant();
    }

    /** A message arrived; {@code published}: when Pub/Sub accepted it (PushEnvelope#publishedAt), or null. */
    public void started(Instant published) {
        inFlight.incrementAndGet();
        if (published == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            roll(now);
            windowMaxMillis = Math.max(windowMaxMillis, Duration.between(published, now).toMillis());
        }
    }

    public void finished() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Seconds: the oldest delivery of the last one to two minutes; 0 when nothing arrived. */
    public synchronized double oldestDeliveryAgeSeconds() {
        roll(clock.instant());
        return Math.max(0, Math.max(windowMaxMillis, previousWindowMaxMillis)) / 1000.0;
    }

    private void roll(Instant now) {
        if (Duration.between(windowStart, now).compareTo(WINDOW) >= 0) {
            boolean skippedOne = Duration.between(windowStart, now).compareTo(WINDOW.multipliedBy(2)) >= 0;
            previousWindowMaxMillis = skippedOne ? 0 : windowMaxMillis;
            windowMaxMillis = 0;
            windowStart = now;
        }
    }
}
