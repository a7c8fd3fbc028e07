package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.rosterwatcher.store.VerdictHoldStore;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.MovableClock;
import dev.rebound.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When missing-input verdicts wait for notifications still on their way, on a real PostgreSQL store: after an
 * instance starts, and while late notifications show a backlog draining (for every instance). The replay runs at 6x:
 * Pub/Sub's publish times are on the real clock, verdicts on the sim clock.
 */
class NotificationBacklogTest {
    private static final Instant START = Instant.parse("2026-01-23T14:00:00Z");
    private static final Duration MAX_DELAY = Duration.ofMinutes(1);
    private static final Duration BACKLOG_HOLD = Duration.ofMinutes(10);
    private static final double SPEED = 6;

    private final MovableClock sim = new MovableClock(START);
    private final MovableClock real = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private StateStore store;
    private VerdictHoldStore holds;

    @BeforeEach
    void freshStore() {
        store = TestStores.migrated("roster_watcher", "roster-watcher");
        holds = new VerdictHoldStore(store);
    }

    private NotificationBacklog instanceStartedAt(Instant startedAt, VerdictHoldStore holdStore) {
        return new NotificationBacklog(holdStore, store, sim, real, SPEED, MAX_DELAY, BACKLOG_HOLD, startedAt);
    }

    /** Handles one notification as the push path does: inside the message's transaction. */
    private void deliveredLate(NotificationBacklog backlog, Duration lateReal) {
        store.inTransaction(() -> backlog.delivered(real.instant().minus(lateReal)));
    }

    @Test
    void anInstanceJudgesNothingForOneBacklogHoldAfterItStarts() {
        NotificationBacklog backlog = instanceStartedAt(START, holds);

        assertThat(backlog.holdAt(sim.instant())).hasValueSatisfying(r -> {
            assertThat(r.until()).isEqualTo(START.plus(BACKLOG_HOLD));
            assertThat(r.why()).contains("this instance started at " + START);
        });
        sim.advance(BACKLOG_HOLD.plusMillis(1));
        assertThat(backlog.holdAt(sim.instant())).isEmpty();
    }

    @Test
    void aLateNotificationHoldsEveryInstanceAsLongAgainAsItWasLate() {
        sim.advance(Duration.ofMinutes(20));
        NotificationBacklog receiving = instanceStartedAt(START, holds);
        NotificationBacklog other = instanceStartedAt(START.minus(Duration.ofHours(1)), holds);
        assertThat(other.holdAt(sim.instant())).isEmpty();

        // 20 s real at 6x: two sim minutes late, one more than allowed
        deliveredLate(receiving, Duration.ofSeconds(20));

        Instant until = sim.instant().plus(Duration.ofMinutes(2)).plus(MAX_DELAY);
        assertThat(other.holdAt(sim.instant())).hasValueSatisfying(r -> {
            assertThat(r.until()).isEqualTo(until);
            assertThat(r.why()).contains("PT2M after Pub/Sub accepted it");
        });
        assertThat(receiving.holdAt(sim.instant())).map(NotificationBacklog.Reason::until).contains(until);
        sim.set(until.plusMillis(1));
        assertThat(other.holdAt(sim.instant())).isEmpty();
    }

    @Test
    void aBacklogIsDrainingOnlyWhileALateNotificationsHoldLastsNotDuringAStartHold() {
        NotificationBacklog backlog = instanceStartedAt(START, holds);
        assertThat(backlog.holdAt(sim.instant())).isPresent();
        assertThat(backlog.drainingUntil(sim.instant())).isEmpty();

        deliveredLate(backlog, Duration.ofSeconds(20));

        Instant until = sim.instant().plus(Duration.ofMinutes(2)).plus(MAX_DELAY);
        assertThat(backlog.drainingUntil(sim.instant())).contains(until);
        sim.set(until.plusMillis(1));
        assertThat(backlog.drainingUntil(sim.instant())).isEmpty();
    }

    @Test
    void notificationsOnTimeOrWithoutAPublishTimeHoldNothing() {
        sim.advance(Duration.ofMinutes(20));
        NotificationBacklog backlog = instanceStartedAt(START, holds);

        deliveredLate(backlog, Duration.ofSeconds(10)); // one sim minute: allowed
        store.inTransaction(() -> backlog.delivered(null));

        assertThat(holds.current()).isEmpty();
        assertThat(backlog.holdAt(sim.instant())).isEmpty();
    }

    @Test
    void oneLateNotificationHoldsAtMostTheBacklogHold() {
        sim.advance(Duration.ofMinutes(20));
        NotificationBacklog backlog = instanceStartedAt(START, holds);

        deliveredLate(backlog, Duration.ofHours(1));

        assertThat(backlog.holdAt(sim.instant())).map(NotificationBacklog.Reason::until)
                .contains(sim.instant().plus(BACKLOG_HOLD).plus(MAX_DELAY));
    }

    @Test
    void aDrainOfLateNotificationsWritesTheHoldAboutOncePerMaxDelayAndAHoldRolledBackIsWrittenAgain() {
        sim.advance(Duration.ofMinutes(20));
        AtomicInteger writes = new AtomicInteger();
        VerdictHoldStore counting = new VerdictHoldStore(store) {
            @Override
            public void extend(Instant until, Duration lateness, Instant at) {
                writes.incrementAndGet();
                super.extend(until, lateness, at);
            }
        };
        NotificationBacklog backlog = instanceStartedAt(START, counting);

        // a failed attempt rolls its hold back: the next late notification must write it again
        try {
            store.inTransaction((StateStore.VoidWork<RuntimeException>) () -> {
                backlog.delivered(real.instant().minus(Duration.ofSeconds(30)));
                throw new IllegalStateException("the handler failed");
            });
        } catch (IllegalStateException expected) {
            // the attempt is redelivered
        }
        assertThat(holds.current()).isEmpty();

        // five sim minutes of a drain, one late notification per sim second, each 30 s real (3 sim min) late
        for (int i = 0; i < 300; i++) {
            deliveredLate(backlog, Duration.ofSeconds(30));
            sim.advance(Duration.ofSeconds(1));
            real.advance(Duration.ofMillis(167));
        }

        assertThat(writes.get()).isBetween(1 + 5, 1 + 6);
        assertThat(backlog.holdAt(sim.instant())).map(NotificationBacklog.Reason::until).hasValueSatisfying(
                until -> assertThat(until).isAfterOrEqualTo(sim.instant().plus(Duration.ofMinutes(3)).minusSeconds(1)));
    }

    @Test
    void aHoldWrittenUnderAnotherClockIsNotHonoured() {
        sim.advance(Duration.ofMinutes(20));
        NotificationBacklog backlog = instanceStartedAt(START, holds);
        // a replay restarted on an old store: the stored hold stands hours ahead of this clock
        holds.extend(sim.instant().plus(Duration.ofHours(5)), Duration.ofMinutes(5), sim.instant());

        assertThat(backlog.holdAt(sim.instant())).isEmpty();
    }

    @Test
    void aNegativeSettingFailsNamingItsKey() {
        assertThatThrownBy(() -> new NotificationBacklog(holds, store, sim, real, SPEED, Duration.ofSeconds(-1),
                BACKLOG_HOLD, START)).hasMessageContaining("rebound.roster.bridge.delivery.max-delay");
        assertThatThrownBy(() -> new NotificationBacklog(holds, store, sim, real, SPEED, MAX_DELAY,
                Duration.ofSeconds(-1), START)).hasMessageContaining("rebound.roster.bridge.delivery.backlog-hold");
    }
}
