package dev.rebound.heartbeattracker;

import java.time.Instant;
import java.util.Optional;

/**
 * How far the heartbeat stream is known to have delivered, i.e. up to when a sweep may judge a run's silence. A run
 * is stuck only if it was silent past its threshold by that moment: a heartbeat still on its way through a stalled
 * subscription (or waiting on a paused instance, or a slow store) must not count as silence.
 */
@FunctionalInterface
public interface DeliveryWatermark {

    /** A stream known to be current: silence is judged up to now. */
    DeliveryWatermark CURRENT = now -> now;

    /** The moment up to which silence may be judged at {@code now}: {@code now} itself while the stream is on time. */
    Instant judgeSilenceUpTo(Instant now);

    /**
     * Until when verdicts wait because the stream is catching up on a backlog (a canary came back late): a backlog
     * drains out of order, so the newest canary back does not yet prove the older heartbeats arrived.
     */
    default Optional<Instant> holdVerdictsUntil(Instant now) {
        return Optional.empty();
    }

    /** Called as each sweep starts (the canaries send one from here). */
    default void sweeping() {
    }
}
