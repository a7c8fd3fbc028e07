package dev.rebound.coveragemonitor.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a running run will finish. With progress in its heartbeats: at the average pace it has shown so far
 * ({@code elapsed / fraction done}); the pessimistic finish stretches what remains by the processor's p95/p50.
 * Without progress: its usual durations until it passes its median, then, the longer it runs, the slower it is
 * assumed to be (a run at 2 × p50 is taken for a slow one, not for one about to finish).
 */
final class RunningProjection {

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
        if (fraction > 0 && observed > 0) {
            expectedTotal = Math.max(elapsed, observed / fraction);
            double remaining = expectedTotal - elapsed;
            p95Total = elapsed + remaining * ratio;
        } else {
            double p50 = seconds(usual.p50());
            double p95 = seconds(usual.p95());
            expectedTotal = Math.max(p50, elapsed * Math.sqrt(ratio));
            p95Total = Math.max(p95, elapsed * ratio);
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
