package dev.rebound.coveragemonitor.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a running run will finish. With progress in its heartbeats: at the pace it has shown since its first progress
 * report (blended with its usual duration while that pace is measured over little of its work); the pessimistic
 * finish stretches what remains by the processor's p95/p50 — by its square root once the pace is trusted: the pace
 * is known then, not guaranteed, and a processor's spread (slow runs among fast ones) is mostly what the pace
 * already measured.
 * Without progress: its usual durations until it passes its median, then, the longer it runs, the slower it is
 * assumed to be (a run at 2 × p50 is taken for a slow one, not for one about to finish; see
 * {@link #stretchedExpected}).
 */
final class RunningProjection {
    /**
     * The pace a run has shown is trusted fully once it reports this share of its work done; before, it is blended
     * with the processor's usual duration (a run's first percent, often after a setup with no progress at all,
     * says little about its last).
     */
    static final double TRUSTED_FRACTION = 0.1;
    /** Past its p95, what remains pessimistically is this many times how far past it a run already is. */
    static final double OVERDUE_P95 = 3;

    private RunningProjection() {
    }

    static Finish of(ObservedRun run, DurationEstimates.Estimate usual, Instant now) {
        Instant started = run.startedAt() != null ? run.startedAt() : run.lastSeenAt();
        double elapsed = Math.max(0, seconds(Duration.between(started, now)));
        double ratio = usual.spreadRatio();
        double expectedTotal;
        double p95Total;
        double usualExpected = stretchedExpected(elapsed, usual);
        double usualP95 = stretchedP95(elapsed, usual);
        Pace pace = pace(run, started);
        if (pace != null) {
            double trust = Math.min(1, pace.measuredFraction() / TRUSTED_FRACTION);
            expectedTotal = Math.max(elapsed, trust * pace.total() + (1 - trust) * usualExpected);
            double remaining = expectedTotal - elapsed;
            p95Total = elapsed + remaining * Math.pow(ratio, 1 - trust / 2);
        } else {
            expectedTotal = usualExpected;
            p95Total = usualP95;
        }
        Instant expected = started.plusMillis(Math.round(expectedTotal * 1000));
        expected = Finish.later(expected, now);
        Instant p95 = Finish.later(started.plusMillis(Math.round(p95Total * 1000)), expected);
        return new Finish(expected, Duration.between(expected, p95));
    }

    /**
     * How long something that usually takes {@code usual} and has already taken {@code elapsed} seconds is expected
     * to take in all: its median until it passes it, then, the longer it goes on, the slower it is taken to be; past
     * its p95 it is out of anything seen before and taken to be as late again as it already is.
     */
    static double stretchedExpected(double elapsed, DurationEstimates.Estimate usual) {
        double p95 = seconds(usual.p95());
        return Math.max(Math.max(seconds(usual.p50()), elapsed * Math.sqrt(usual.spreadRatio())),
                elapsed + (elapsed - p95));
    }

    /** The pessimistic counterpart of {@link #stretchedExpected}: past its p95, three times as late again. */
    static double stretchedP95(double elapsed, DurationEstimates.Estimate usual) {
        double p95 = seconds(usual.p95());
        return Math.max(Math.max(p95, elapsed * usual.spreadRatio()), elapsed + OVERDUE_P95 * (elapsed - p95));
    }

    /** The total duration the run's pace points at, and the share of its work that pace was measured over. */
    private record Pace(double total, double measuredFraction) {
    }

    /**
     * From the first to the newest progress sample when they differ (a setup before the first progress does not
     * count against the pace); from the start to the newest sample otherwise.
     */
    private static Pace pace(ObservedRun run, Instant started) {
        ObservedRun.ProgressSample last = run.lastProgress();
        double fraction = run.fractionDone();
        if (fraction <= 0) {
            return null;
        }
        ObservedRun.ProgressSample first = run.firstProgress();
        if (first != null && last.at().isAfter(first.at()) && last.done() > first.done()) {
            double perSecond = (last.done() - first.done()) / seconds(Duration.between(first.at(), last.at()));
            double remaining = Math.max(0, last.total() - last.done()) / perSecond;
            return new Pace(seconds(Duration.between(started, last.at())) + remaining,
                    (double) (last.done() - first.done()) / last.total());
        }
        double observed = seconds(Duration.between(started, last.at()));
        return observed > 0 ? new Pace(observed / fraction, fraction) : null;
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
