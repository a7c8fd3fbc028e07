package dev.rebound.heartbeattracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.internal.HeartbeatCanary;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.store.CanaryStore;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.pubsub.PublishFailedException;
import dev.rebound.testing.MovableClock;
import dev.rebound.testing.TestStores;
import jakarta.enterprise.inject.Vetoed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While canaries cannot be published, processors cannot publish their heartbeats either: those are queued in their
 * clients and follow the first canary that gets through, not precede it. So once one is published again, verdicts
 * wait as long as publishing failed (at most the restart grace). On the real state store (PostgreSQL, the tracker's
 * migrations); the publisher is a stand-in that fails while told to, as Pub/Sub does while unreachable.
 */
class CanaryPublishFailureTest {
    private static final Duration SWEEP = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofMinutes(1);
    private final Instant start = Instant.parse("2026-01-23T18:00:00Z");
    private final MovableClock clock = new MovableClock(start);
    private final FlakyPublisher publisher = new FlakyPublisher();
    private CanaryStore store;
    private HeartbeatCanaries canaries;

    @BeforeEach
    void freshStore() {
        store = new CanaryStore(TestStores.migrated("heartbeat_tracker", "heartbeat-tracker"));
        canaries = new HeartbeatCanaries(store, publisher, clock, config(), "heartbeat-tracker");
        // the stream was current: a canary sent a second ago is back
        canaries.delivered(new HeartbeatCanary("other", start.minusSeconds(1)), start);
    }

    @Test
    void verdictsWaitAsLongAsPublishingFailedOnceACanaryIsPublishedAgain() {
        Instant failedFrom = sendAt(Duration.ofSeconds(10), false);
        sendAt(Duration.ofSeconds(25), false);
        Instant publishedAgain = sendAt(Duration.ofSeconds(40), true);

        Duration failedFor = Duration.between(failedFrom, publishedAgain);
        await().atMost(Duration.ofSeconds(5)).until(() -> canaries.holdVerdictsUntil(clock.instant()).isPresent());
        assertThat(canaries.holdVerdictsUntil(clock.instant())).contains(publishedAgain.plus(failedFor));
        assertThat(publisher.published).hasSize(1);
    }

    @Test
    void aLongOutageHoldsVerdictsForTheRestartGraceAtMost() {
        sendAt(Duration.ofSeconds(10), false);
        sendAt(Duration.ofMinutes(3), false);
        Instant publishedAgain = sendAt(Duration.ofMinutes(5), true);

        await().atMost(Duration.ofSeconds(5)).until(() -> canaries.holdVerdictsUntil(clock.instant()).isPresent());
        assertThat(canaries.holdVerdictsUntil(clock.instant())).contains(publishedAgain.plus(GRACE));
    }

    @Test
    void canariesThatArePublishedHoldNothing() {
        sendAt(Duration.ofSeconds(10), true);
        sendAt(Duration.ofSeconds(25), true);

        assertThat(publisher.published).hasSize(2);
        assertThat(canaries.holdVerdictsUntil(clock.instant())).isEmpty();
    }

    /** Moves the clock to {@code after} the start and sends a canary; returns when its publish has been tried. */
    private Instant sendAt(Duration after, boolean pubSubAnswers) {
        clock.set(start.plus(after));
        publisher.failing = !pubSubAnswers;
        int attempts = publisher.attempts.get();
        // the previous canary's publish may still be finishing: one in flight at a time
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            canaries.sendIfDue();
            return publisher.attempts.get() == attempts + 1;
        });
        return clock.instant();
    }

    private static HeartbeatConfig config() {
        return new HeartbeatConfig() {
            @Override
            public Duration sweepEvery() {
                return SWEEP;
            }

            @Override
            public boolean sweepTimerEnabled() {
                return false;
            }

            @Override
            public Duration restartGrace() {
                return GRACE;
            }

            @Override
            public Canary canary() {
                return new Canary() {
                    @Override
                    public boolean enabled() {
                        return true;
                    }

                    @Override
                    public Duration maxDelay() {
                        return Duration.ofSeconds(15);
                    }
                };
            }

            @Override
            public int healthWindowRuns() {
                return 50;
            }

            @Override
            public int maxListedRuns() {
                return 1000;
            }
        };
    }

    /**
     * Fails every publish while {@code failing}, as Pub/Sub does while it cannot be reached. Vetoed: it would inherit
     * the publisher's bean scope and stand beside it in the module's Quarkus tests.
     */
    @Vetoed
    static final class FlakyPublisher extends EventPublisher {
        volatile boolean failing;
        final AtomicInteger attempts = new AtomicInteger();
        final List<Event<?>> published = new CopyOnWriteArrayList<>();

        FlakyPublisher() {
            super(null, null, null, null);
        }

        @Override
        public String source() {
            return "//rebound/heartbeat-tracker";
        }

        @Override
        public String publish(Event<?> event) {
            try {
                if (failing) {
                    throw new PublishFailedException("Publishing to processor-heartbeats failed: UNAVAILABLE", null);
                }
                published.add(event);
                return "message-" + published.size();
            } finally {
                attempts.incrementAndGet();
            }
        }
    }
}
