package dev.rebound.heartbeattracker;

import dev.rebound.events.Event;
import dev.rebound.events.EventIds;
import dev.rebound.events.internal.HeartbeatCanary;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.store.CanaryStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The heartbeat canary. Each sweep sends one ({@code rebound.heartbeat.canary.v1}: at most one per sweep period per
 * instance, none while another instance's recent one is back, published off the sweep's thread) onto the topic
 * processors send heartbeats to; the tracker's own subscription delivers it back like any heartbeat, and
 * {@link CanaryStore} keeps the newest one back. A canary sent at T and delivered proves the heartbeats published
 * before T have had their chance to arrive. So the sweep judges silence up to now while canaries come back within one
 * sweep period plus {@code max-delay}, and only up to that bound after the newest canary back otherwise: a stalled
 * subscription, a paused instance, a slow store or a Pub/Sub outage holds the verdicts back instead of declaring
 * every live run stuck at once. A run that hung before the stall is still declared stuck. When the backlog drains,
 * canaries come back late and out of order with the heartbeats: the sweep then waits as long as the canary was late
 * (at most its restart grace) after each late one, and as long as canaries could not be published (Pub/Sub
 * unreachable: processors' heartbeats were queued too) once one is again. The protection needs one sweep period plus
 * {@code max-delay} to be shorter than the stuck thresholds. While the stream is late the tracker says so once a
 * minute and exports {@code rebound_heartbeat_delivery_lag_seconds}, which infra/ pages on.
 */
@ApplicationScoped
public class HeartbeatCanaries implements DeliveryWatermark {
    private static final Logger LOG = Logger.getLogger(HeartbeatCanaries.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final String MAX_DELAY_KEY = "rebound.heartbeat.canary.max-delay";

    private final CanaryStore store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final boolean enabled;
    private final Duration sweepEvery;
    private final Duration allowedLag;
    private final Duration restartGrace;
    private final String sender;
    private final Instant startedAt;
    private final ExecutorService sending;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile Instant lastSent;
    private volatile Instant failingSince;
    private final AtomicBoolean late = new AtomicBoolean();
    private volatile long lastLateLog;
    private volatile long lastFailureLog;

    @Inject
    public HeartbeatCanaries(CanaryStore store, EventPublisher publisher, ScenarioClock clock, HeartbeatConfig config,
            ReboundConfig rebound, MeterRegistry registry) {
        this(store, publisher, clock, config, rebound.service().name());
        Gauge.builder("rebound.heartbeat.delivery.lag.seconds", this, HeartbeatCanaries::lagSeconds)
                .tag("service", rebound.service().name())
                .description("How long ago the newest heartbeat canary delivered back was sent (before the first:"
                        + " how long ago this instance started)")
                .register(registry);
    }

    HeartbeatCanaries(CanaryStore store, EventPublisher publisher, Clock clock, HeartbeatConfig config,
            String service) {
        if (config.canary().maxDelay().isNegative()) {
            throw new IllegalArgumentException(MAX_DELAY_KEY + " must not be negative, got "
                    + config.canary().maxDelay());
        }
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.enabled = config.canary().enabled();
        this.sweepEvery = config.sweepEvery();
        this.allowedLag = config.sweepEvery().plus(config.canary().maxDelay());
        this.restartGrace = config.restartGrace();
        this.sender = service + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.startedAt = clock.instant();
        this.sending = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-canary");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        sending.shutdownNow();
    }

    /**
     * Sends a canary unless this instance sent one less than half a sweep period ago, its last one is still being
     * published (a Pub/Sub that does not answer must not pile up canaries or block the sweep), or a canary of any
     * instance sent less than half a sweep period ago is already back (the stream is known current: N instances
     * send about one canary per period between them, not N).
     */
    @Override
    public void sweeping() {
        sendIfDue();
    }

    void sendIfDue() {
        if (!enabled) {
            return;
        }
        Instant now = clock.instant();
        Instant last = lastSent;
        Duration half = sweepEvery.dividedBy(2);
        if (last != null && now.isBefore(last.plus(half))) {
            return;
        }
        if (delivered(now).filter(d -> !d.through().isBefore(now.minus(half))).isPresent()) {
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        lastSent = now;
        try {
            sending.execute(() -> publish(now));
        } catch (RejectedExecutionException e) {
            inFlight.set(false);
        }
    }

    private void publish(Instant sentAt) {
        try {
            publisher.publish(Event.of(EventIds.of("heartbeat-canary", sender, sentAt), publisher.source(), sentAt,
                    new HeartbeatCanary(sender, sentAt), null, Map.of()));
        } catch (RuntimeException e) {
            if (failingSince == null) {
                failingSince = sentAt;
            }
            if (logDue(lastFailureLog)) {
                lastFailureLog = System.nanoTime();
                LOG.warnf("Heartbeat canary not published (%s): until one is delivered back, runs are judged silent"
                        + " only up to %s after the last one", e.getMessage(), allowedLag);
            }
            return;
        } finally {
            inFlight.set(false);
        }
        Instant failedSince = failingSince;
        if (failedSince != null) {
            // processors could not publish either: their queued heartbeats follow this canary, not precede it
            Duration down = Duration.between(failedSince, sentAt);
            Instant hold = sentAt.plus(down.compareTo(restartGrace) < 0 ? down : restartGrace);
            try {
                store.holdVerdicts(hold);
                failingSince = null;
                LOG.infof("Heartbeat canaries publish again after failing since %s; verdicts wait until %s for the"
                        + " heartbeats queued meanwhile", failedSince, hold);
            } catch (RuntimeException e) {
                LOG.warnf("Could not hold verdicts after canaries failed since %s (%s); next canary tries again",
                        failedSince, e.getMessage());
            }
        }
    }

    /**
     * A canary came back through the heartbeat subscription. One that took longer than one sweep period plus
     * {@code max-delay} marks a backlog being caught up on, out of order: heartbeats published as long before it may
     * still be on their way, so verdicts wait as long again (at most the restart grace).
     */
    public void delivered(HeartbeatCanary canary, Instant receivedAt) {
        Duration took = Duration.between(canary.sentAt(), receivedAt);
        Instant hold = took.compareTo(allowedLag) > 0
                ? receivedAt.plus(took.compareTo(restartGrace) < 0 ? took : restartGrace) : null;
        store.delivered(canary.sentAt(), receivedAt, hold);
    }

    @Override
    public Instant judgeSilenceUpTo(Instant now) {
        if (!enabled) {
            return now;
        }
        Optional<Instant> through = delivered(now).map(CanaryStore.Delivered::through);
        Instant bound = through.orElse(startedAt).plus(allowedLag);
        if (!bound.isBefore(now)) {
            if (late.compareAndSet(true, false)) {
                LOG.infof("Heartbeat stream current again: a canary sent at %s is back", through.orElse(null));
            }
            return now;
        }
        // right after a start no canary can be back yet, and the restart grace holds verdicts anyway: not news
        if (now.isBefore(startedAt.plus(restartGrace))) {
            return bound;
        }
        late.set(true);
        if (logDue(lastLateLog)) {
            lastLateLog = System.nanoTime();
            LOG.warnf("Heartbeat stream late: %s; runs are judged silent only up to %s, not %s. Check the"
                    + " heartbeat-tracker subscription of processor-heartbeats (backlog, push errors), this"
                    + " service's instances and its state store", through.map(t -> "the newest canary back was sent"
                    + " at " + t).orElse("no canary has come back since this instance started at " + startedAt),
                    bound, now);
        }
        return bound;
    }

    /** A hold further ahead than one restart grace was written under another clock (a restarted scenario). */
    @Override
    public Optional<Instant> holdVerdictsUntil(Instant now) {
        return enabled ? delivered(now).map(CanaryStore.Delivered::holdVerdictsUntil)
                .filter(t -> !t.isAfter(now.plus(restartGrace))) : Optional.empty();
    }

    /** What came back; a canary stamped after {@code now} (a clock set back) proves nothing. */
    private Optional<CanaryStore.Delivered> delivered(Instant now) {
        return store.delivered().filter(d -> !d.through().isAfter(now));
    }

    private double lagSeconds() {
        Instant now = clock.instant();
        Instant through = delivered(now).map(CanaryStore.Delivered::through).orElse(startedAt);
        return Duration.between(through, now).toNanos() / 1e9;
    }

    private static boolean logDue(long lastNanos) {
        return lastNanos == 0 || System.nanoTime() - lastNanos >= LOG_EVERY_NANOS;
    }
}
