package dev.rebound.rosterwatcher;

import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.rosterwatcher.store.VerdictHoldStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Whether the bridge may judge a scraper's files missing yet, or notifications may still be on their way to it.
 * <p>
 * Pub/Sub redelivers what it could not push (every instance down, the state store out) after a retry backoff, and a
 * backlog drains out of order: files that landed on time can still be queued while newer notifications arrive. So:
 * <ul>
 * <li>A notification delivered later than {@code delivery.max-delay} after Pub/Sub accepted it marks a backlog being
 * drained: verdicts wait as long again as it was late (at most {@code delivery.backlog-hold}), for every instance
 * (the hold is in the state store). Each late one extends the hold, so the wait lasts as long as the drain.</li>
 * <li>An instance that has just started cannot know whether a backlog is queued for it: its own verdicts wait
 * {@code delivery.backlog-hold} after its start (set it to the push subscription's maximum retry backoff). Instances
 * already running judge as before.</li>
 * </ul>
 * Lateness is measured on the real clock, as Pub/Sub stamps its publish time, and converted to sim time at the
 * replay's speed. Holding delays a page about missing files by at most the hold; it never drops one: the next check
 * after the hold judges the same data dates.
 */
@ApplicationScoped
public class NotificationBacklog {
    private static final Logger LOG = Logger.getLogger(NotificationBacklog.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final String MAX_DELAY_KEY = "rebound.roster.bridge.delivery.max-delay";
    static final String BACKLOG_HOLD_KEY = "rebound.roster.bridge.delivery.backlog-hold";

    private final VerdictHoldStore holds;
    private final StateStore store;
    private final Clock clock;
    private final Clock real;
    private final double speed;
    private final Duration maxDelay;
    private final Duration backlogHold;
    private final Instant startedAt;
    private volatile Instant written = Instant.MIN;
    private volatile long lastLateLog;

    @Inject
    public NotificationBacklog(VerdictHoldStore holds, StateStore store, ScenarioClock clock,
            RosterWatcherConfig config) {
        this(holds, store, clock, Clock.systemUTC(), clock.speed(), config.bridge().delivery().maxDelay(),
                config.bridge().delivery().backlogHold(), clock.instantFromStart());
    }

    NotificationBacklog(VerdictHoldStore holds, StateStore store, Clock clock, Clock real, double speed,
            Duration maxDelay, Duration backlogHold, Instant startedAt) {
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException(MAX_DELAY_KEY + " must not be negative, got " + maxDelay);
        }
        if (backlogHold.isNegative()) {
            throw new IllegalArgumentException(BACKLOG_HOLD_KEY + " must not be negative, got " + backlogHold);
        }
        this.holds = holds;
        this.store = store;
        this.clock = clock;
        this.real = real;
        this.speed = speed;
        this.maxDelay = maxDelay;
        this.backlogHold = backlogHold;
        this.startedAt = startedAt;
    }

    /**
     * A notification Pub/Sub accepted at {@code publishedAt} (real clock; null: unknown) is being handled. If it came
     * late, verdicts wait as long again. The hold is written rounded up by {@code max-delay}, so a drain of thousands
     * of late notifications writes it about once per {@code max-delay}, not once each.
     */
    public void delivered(Instant publishedAt) {
        if (publishedAt == null || backlogHold.isZero()) {
            return;
        }
        Duration lateReal = Duration.between(publishedAt, real.instant());
        Duration late = Duration.ofNanos(Math.round(lateReal.toNanos() * speed));
        if (late.compareTo(maxDelay) <= 0) {
            return;
        }
        Instant now = clock.instant();
        Instant until = now.plus(late.compareTo(backlogHold) < 0 ? late : backlogHold);
        if (!until.isAfter(written)) {
            return;
        }
        Instant rounded = until.plus(maxDelay);
        holds.extend(rounded, late, now);
        store.afterCommit(() -> advanceWritten(rounded));
        if (lastLateLog == 0 || System.nanoTime() - lastLateLog >= LOG_EVERY_NANOS) {
            lastLateLog = System.nanoTime();
            LOG.warnf("Cloud Storage notifications arrive late (one %s after Pub/Sub accepted it): a backlog is"
                    + " draining, so missing scraper files are not judged before %s. Check the roster-watcher"
                    + " subscription of gcs-object-notifications (backlog, push errors) and this service's state"
                    + " store", late, rounded);
        }
    }

    private synchronized void advanceWritten(Instant to) {
        if (to.isAfter(written)) {
            written = to;
        }
    }

    /**
     * Until when missing-input verdicts wait at {@code now}: this instance's start hold or the stored late-delivery
     * hold, whichever ends later; empty when neither applies. A stored hold further ahead than one backlog hold was
     * written under another clock (a replay restarted on an old store) and is not honoured.
     */
    public Optional<Reason> holdAt(Instant now) {
        Instant startHold = startedAt.plus(backlogHold);
        Optional<VerdictHoldStore.Hold> stored = storedHold(now);
        if (stored.isPresent() && !stored.get().until().isBefore(startHold)) {
            return Optional.of(new Reason(stored.get().until(), "a notification arrived "
                    + stored.get().lateness() + " after Pub/Sub accepted it: a backlog is draining"));
        }
        if (startHold.isAfter(now)) {
            return Optional.of(new Reason(startHold, "this instance started at " + startedAt
                    + " and notifications queued before may still be on their way"));
        }
        return Optional.empty();
    }

    /**
     * Until when, at {@code now}, a backlog of notifications is known to be draining (the stored late-delivery hold,
     * not an instance's start hold): a partial batch's window then measures the backlog, not the scraper, so the
     * bridge keeps the batch open until it is complete or the hold is over.
     */
    public Optional<Instant> drainingUntil(Instant now) {
        return storedHold(now).map(VerdictHoldStore.Hold::until);
    }

    /**
     * The late-delivery hold in force at {@code now}; one further ahead than a backlog hold (and the rounding) was
     * written under another clock (a replay restarted on an old store) and is not honoured.
     */
    private Optional<VerdictHoldStore.Hold> storedHold(Instant now) {
        if (backlogHold.isZero()) {
            return Optional.empty();
        }
        return holds.current().filter(h -> h.until().isAfter(now))
                .filter(h -> !h.until().isAfter(now.plus(backlogHold).plus(maxDelay)));
    }

    /** Why missing-input verdicts wait, and until when. */
    public record Reason(Instant until, String why) {
    }
}
