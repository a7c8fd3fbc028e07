package dev.rebound.coveragemonitor.forecast.backtest;

import dev.rebound.coveragemonitor.forecast.ObservedRun;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One attempt of a run in a generated game day, with its hidden truth: how it progresses, whether it completes,
 * fails or stalls, and when. {@link #observedAt} turns it into what Rebound would have seen at an instant: the
 * started event, a heartbeat every {@link #HEARTBEAT} (with progress when the processor reports it) and the outcome.
 *
 * @param setup     how long it works before reporting any progress
 * @param work      how long its work takes at its normal pace, after the setup
 * @param onset     how much of that work it does at the normal pace before slowing down
 * @param slowdown  how many times slower it works after the onset (1: it never slows down)
 * @param end       when it completes or fails; for a stall, the moment it stops (it never ends)
 * @param stuckAt   for a stall, when the tracker declares it stuck
 */
record SimulatedRun(String processor, LocalDate dataDate, String runId, Outcome outcome, Instant start,
        Duration setup, Duration work, Duration onset, double slowdown, Instant end, Instant stuckAt,
        boolean reportsProgress) {

    static final Duration HEARTBEAT = Duration.ofSeconds(60);
    static final long TOTAL_UNITS = 1000;

    enum Outcome {
        COMPLETES, FAILS, STALLS
    }

    /** When it would complete if nothing stopped it: setup, then its work, the part after the onset slowed. */
    static Instant naturalEnd(Instant start, Duration setup, Duration work, Duration onset, double slowdown) {
        Duration slowed = Duration.ofMillis(Math.round((work.toMillis() - onset.toMillis()) * slowdown));
        return start.plus(setup).plus(onset).plus(slowed);
    }

    /** The share of its work done at {@code t}. */
    double fractionAt(Instant t) {
        double elapsed = Duration.between(start, t).toMillis() - setup.toMillis();
        if (elapsed <= 0) {
            return 0;
        }
        double onsetMs = onset.toMillis();
        double done = elapsed <= onsetMs ? elapsed : onsetMs + (elapsed - onsetMs) / slowdown;
        return Math.min(1.0, done / work.toMillis());
    }

    /** What Rebound has seen of this attempt at {@code now}; null before it started. */
    ObservedRun observedAt(Instant now) {
        if (now.isBefore(start)) {
            return null;
        }
        if (outcome == Outcome.COMPLETES && !now.isBefore(end)) {
            return ObservedRun.completed(processor, dataDate, runId, start, end);
        }
        if (outcome == Outcome.FAILS && !now.isBefore(end)) {
            return ObservedRun.failed(processor, dataDate, runId, start, end);
        }
        if (outcome == Outcome.STALLS && !now.isBefore(stuckAt)) {
            return new ObservedRun(processor, dataDate, runId, ObservedRun.Status.STUCK, start, lastHeartbeat(end),
                    null, null, null, stuckAt);
        }
        Instant alive = outcome == Outcome.STALLS && now.isAfter(end) ? end : now;
        Instant heartbeat = lastHeartbeat(alive);
        if (!reportsProgress || !heartbeat.isAfter(start)) {
            return ObservedRun.running(processor, dataDate, runId, start, heartbeat);
        }
        return ObservedRun.running(processor, dataDate, runId, start, heartbeat, firstProgress(heartbeat),
                sample(heartbeat));
    }

    private ObservedRun.ProgressSample sample(Instant heartbeat) {
        return new ObservedRun.ProgressSample(heartbeat, Math.round(fractionAt(heartbeat) * TOTAL_UNITS), TOTAL_UNITS);
    }

    /** The first heartbeat up to {@code last} that reported any work done, as the tracker would have kept it. */
    private ObservedRun.ProgressSample firstProgress(Instant last) {
        for (Instant beat = start.plus(HEARTBEAT); !beat.isAfter(last); beat = beat.plus(HEARTBEAT)) {
            ObservedRun.ProgressSample s = sample(beat);
            if (s.done() > 0) {
                return s;
            }
        }
        return null;
    }

    /** The last heartbeat at or before {@code t} (the start counts as the first sign of life). */
    private Instant lastHeartbeat(Instant t) {
        long beats = Duration.between(start, t).toMillis() / HEARTBEAT.toMillis();
        return start.plus(HEARTBEAT.multipliedBy(beats));
    }

    Duration duration() {
        return Duration.between(start, end);
    }
}
