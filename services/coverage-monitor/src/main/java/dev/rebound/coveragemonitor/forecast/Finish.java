package dev.rebound.coveragemonitor.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * When a run is forecast to finish: the expected time and how much later its pessimistic (p95) finish is. Delays
 * along a path add up as independent ones (their spreads combine as the root of the sum of squares), so a chain of
 * five runs is not assumed to hit its worst case five times over.
 */
public record Finish(Instant expected, Duration spread) {

    public static Finish at(Instant done) {
        return new Finish(done, Duration.ZERO);
    }

    public Instant p95() {
        return expected.plus(spread);
    }

    /**
     * A run that starts once {@code floor} has passed and every upstream in {@code upstream} has finished, then takes
     * its usual time.
     */
    public static Finish after(Instant floor, Iterable<Finish> upstream, DurationEstimates.Estimate usual) {
        Instant startExpected = floor;
        Instant startP95 = floor;
        for (Finish f : upstream) {
            startExpected = later(startExpected, f.expected());
            startP95 = later(startP95, f.p95());
        }
        double startSpread = seconds(Duration.between(startExpected, startP95));
        double ownSpread = seconds(usual.p95().minus(usual.p50()));
        return new Finish(startExpected.plus(usual.p50()),
                Duration.ofMillis(Math.round(Math.hypot(startSpread, ownSpread) * 1000)));
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
