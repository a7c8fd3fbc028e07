package dev.rebound.coveragemonitor.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a running run will finish. With progress in its heartbeats: at the average pace it has shown so far
 * ({@code elapsed / fraction done}, blended with its usual duration while the fraction is small); the pessimistic
 * finish stretches what remains by the processor's p95/p50 — by its square root once the pace is trusted: the pace
 * is known then, not guaranteed, and a processor's spread (slow runs among fast ones) is mostly what the pace
 * already measured.
 * Without progress: its usual durations until it passes its median, then, the longer it runs, the slower it is
 * assumed to be (a run at 2 × p50 is taken for a slow one, not for one about to finish).
 */
final class RunningProjection {
    /**
     * The pace a run has shown is trusted fully once it reports this share of its work done; before, it is blended
     * with the processor's usual duration (a run's first percent, often after a setup with no progress at all,
     * says little about its last).
     */
    static final double TRUSTED_FRACTION = 0.1;

    private RunningProjection() {
    }

    static Finish of(ObservedRun run, DurationEstimates.Estimate usual, Instant now) {
        Instant started = run.startedAt() != null ? run.startedAt() : run.lastSeenAt();
        double elapsed = Math.max(0, seconds(Duration.between(started, now)));
        double ratio = usual.spreadRatio();
        double expectedTotal;
        double p95Total;
        double fraction = run.fractionDone();
        double observed = seconds(Duration.between(started, run.lastSeenAt()));
        double usualExpected = Math.max(seconds(usual.p50()), elapsed * Math.sqrt(ratio));
        double usualP95 = Math.max(seconds(usual.p95()), elapsed * ratio);
        if (fraction > 0 && observed > 0) {
            double trust = Math.min(1, fraction / TRUSTED_FRACTION);
            double paced = observed / fraction;
            expectedTotal = Math.max(elapsed, trust * paced + (1 - trust) * usualExpected);
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

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
