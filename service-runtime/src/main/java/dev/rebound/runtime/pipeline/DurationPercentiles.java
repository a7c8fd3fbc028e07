package dev.rebound.runtime.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Nearest-rank percentiles of run durations (no interpolation: every answer is a duration that happened): the
 * tracker's processor health and the deadline forecast read durations the same way.
 */
public final class DurationPercentiles {

    private DurationPercentiles() {
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) of the durations, empty when there are none. */
    public static Optional<Duration> of(List<Duration> durations, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (durations.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Optional.of(sorted.get(Math.max(rank, 1) - 1));
    }
}
