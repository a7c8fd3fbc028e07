package dev.rebound.runtime.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock all timing logic goes through. In production it is the system clock; in a local replay it is
 * {@code sim = start + speed × (real − anchor)}, the same in every process given the same configuration.
 */
public final class ScenarioClock extends Clock {
    private final Clock real;
    private final Instant start;
    private final Instant anchor;
    private final double speed;

    private ScenarioClock(Clock real, Instant start, Instant anchor, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("rebound.clock.speed must be a positive number, was " + speed);
        }
        this.real = real;
        this.start = start;
        this.anchor = anchor;
        this.speed = speed;
    }

    public static ScenarioClock system() {
        Clock real = Clock.systemUTC();
        Instant now = real.instant();
        return new ScenarioClock(real, now, now, 1.0);
    }

    public static ScenarioClock scenario(Instant start, Instant anchor, double speed) {
        return scenario(Clock.systemUTC(), start, anchor, speed);
    }

    public static ScenarioClock scenario(Clock real, Instant start, Instant anchor, double speed) {
        return new ScenarioClock(real, start, anchor, speed);
    }

    public double speed() {
        return speed;
    }

    public boolean isScenario() {
        return speed != 1.0 || !start.equals(anchor);
    }

    @Override
    public Instant instant() {
        if (!isScenario()) {
            return real.instant();
        }
        long realNanos = Duration.between(anchor, real.instant()).toNanos();
        return start.plusNanos(Math.round(realNanos * speed));
    }

    /**
     * The time, but never before the scenario's start. Before its anchor a replay's processes are still starting,
     * and sim time runs from well before the start up to it; what the scenario says happened before its start (its
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
