package dev.rebound.backfillorchestrator;

import java.time.Duration;

/**
 * The engine's own timings (the attempt cap, backoff and trigger limit come from the topology's repair section).
 * {@code stallAfter}: a triggered run with no completion or failure by then counts as a failed attempt (a lost
 * trigger); {@code coverageWait}: how long a completed upstream with a coverage phase may wait for its coverage
 * report before it is taken as satisfied; {@code planTtl}: an open plan older than this is abandoned;
 * {@code sweepLookbackDays}: how far back the sweep looks for runs that should exist.
 */
public record EngineSettings(Duration stallAfter, Duration coverageWait, Duration planTtl, int sweepLookbackDays) {
    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofDays(2), 3);
    }
}
