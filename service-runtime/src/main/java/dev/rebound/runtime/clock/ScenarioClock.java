package dev.rebound.runtime.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The clock all timing logic goes through. In production it is the system clock; in a local replay it is
 * {@code sim = start + speed × (real − anchor)}, the same in every process given the same configuration.
 * <p>
 * A replay's anchor may be tentative ({@link #anchoredLater}): the launcher picks it from the expected start-up time
 * and confirms it — or a later one — once every process is ready. Until then sim time runs toward the start by the
 * tentative anchor, as it would by a fixed one (what the scenario says happened before its start plays out and is
 * caught up with), and stands just before the start if the start-up takes longer: no scenario minute passes before
 * every service is there to see it, and sim time never jumps.
 */
public final class ScenarioClock extends Clock {
    /** How often a clock still waiting for its anchor to be confirmed looks for it. */
    private static final long ANCHOR_POLL_NANOS = Duration.ofMillis(20).toNanos();

    private final Clock real;
    private final Instant start;
    private final double speed;
    private final boolean scenario;
    private final Instant tentativeAnchor;
    private final Supplier<Optional<Instant>> anchorSource;
    private volatile Instant anchor;
    private volatile long nextAnchorPoll;

    private ScenarioClock(Clock real, Instant start, Instant anchor, Instant tentativeAnchor,
            Supplier<Optional<Instant>> anchorSource, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("rebound.clock.speed must be a positive number, was " + speed);
        }
        this.real = real;
        this.start = start;
        this.anchor = anchor;
        this.tentativeAnchor = tentativeAnchor;
        this.anchorSource = anchorSource;
        this.speed = speed;
        this.nextAnchorPoll = System.nanoTime();
        this.scenario = anchor == null || speed != 1.0 || !start.equals(anchor);
    }

    public static ScenarioClock system() {
        Clock real = Clock.systemUTC();
        Instant now = real.instant();
        return new ScenarioClock(real, now, now, null, null, 1.0);
    }

    public static ScenarioClock scenario(Instant start, Instant anchor, double speed) {
        return scenario(Clock.systemUTC(), start, anchor, speed);
    }

    public static ScenarioClock scenario(Clock real, Instant start, Instant anchor, double speed) {
        return new ScenarioClock(real, start, anchor, null, null, speed);
    }

    /**
     * A replay clock whose anchor is {@code tentativeAnchor} until {@code anchorSource} (asked at most every 20 ms)
     * confirms one, no earlier than the tentative one and no later than the moment it first answers — every process
     * of the replay must be given the same source. The source is first asked as the clock is made: a process started
     * after the anchor was confirmed (an instance restarted mid-replay) reads the replay's time from its first
     * reading on. Otherwise its first readings, on every thread but the one asking, would stand just before the start
     * while the rest of the mesh is hours further, and every event it is handed would look as if from the future.
     */
    public static ScenarioClock anchoredLater(Clock real, Instant start, Instant tentativeAnchor,
            Supplier<Optional<Instant>> anchorSource, double speed) {
        ScenarioClock clock = new ScenarioClock(real, start, null, tentativeAnchor, anchorSource, speed);
        clock.anchor();
        return clock;
    }

    public double speed() {
        return speed;
    }

    public boolean isScenario() {
        return scenario;
    }

    /** Whether the anchor is settled: always, except for a replay clock whose anchor is not confirmed yet. */
    public boolean anchored() {
        return anchor() != null;
    }

    @Override
    public Instant instant() {
        if (!scenario) {
            return real.instant();
        }
        Instant confirmed = anchor();
        if (confirmed != null) {
            return simAt(confirmed);
        }
        Instant toward = simAt(tentativeAnchor);
        return toward.isBefore(start) ? toward : start.minusMillis(1);
    }

    private Instant simAt(Instant anchoredAt) {
        long realNanos = Duration.between(anchoredAt, real.instant()).toNanos();
        return start.plusNanos(Math.round(realNanos * speed));
    }

    private Instant anchor() {
        Instant known = anchor;
        if (known != null || anchorSource == null) {
            return known;
        }
        long now = System.nanoTime();
        if (now - nextAnchorPoll < 0) {
            return null;
        }
        nextAnchorPoll = now + ANCHOR_POLL_NANOS;
        Instant announced = anchorSource.get().orElse(null);
        if (announced != null) {
            anchor = announced;
        }
        return announced;
    }

    /**
     * The time, but never before the scenario's start. Before its anchor a replay's processes are still starting,
     * and sim time runs from before the start up to it; what the scenario says happened before its start (its
     * history, the files already landed) is then in the past, not in the future. The system clock reads as ever.
     */
    public Instant instantFromStart() {
        Instant now = instant();
        return now.isBefore(start) ? start : now;
    }

    /** Real time that corresponds to a span of sim time (what a timer must wait). */
    public Duration toReal(Duration sim) {
        return Duration.ofNanos(Math.max(1, Math.round(sim.toNanos() / speed)));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("Rebound runs on UTC; convert at the edges");
    }
}
