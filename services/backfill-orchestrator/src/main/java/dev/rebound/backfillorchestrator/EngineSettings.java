package dev.rebound.backfillorchestrator;

import java.time.Duration;

/**
 * The engine's own timings (the attempt cap, backoff and trigger limit come from the topology's repair section).
 * {@code stallAfter}: a triggered run with no completion or failure by then counts as a failed attempt (a lost
 * trigger); {@code coverageWait}: how long a completed upstream with a coverage phase may wait for its coverage
 * report before it is taken as satisfied; {@code planTtl}: an open plan older than this is abandoned;
 * {@code sweepLookbackDays}: how far back the sweep looks for runs that should exist; {@code idlePlanTtl}: an open
 * plan that has not moved (no trigger, no finished step) for this long closes with its reason, without an alert;
 * {@code startHold}: for this long after an instance starts, its sweeps judge no run missing (zero: no hold).
 */
public record EngineSettings(Duration stallAfter, Duration coverageWait, Duration planTtl, int sweepLookbackDays,
        Duration idlePlanTtl, Duration startHold) {
    public EngineSettings {
        requirePositive("rebound.backfill.stall-after", stallAfter);
        requirePositive("rebound.backfill.coverage-wait", coverageWait);
        requirePositive("rebound.backfill.plan-ttl", planTtl);
        requirePositive("rebound.backfill.idle-plan-ttl", idlePlanTtl);
        if (idlePlanTtl.compareTo(planTtl) > 0) {
            throw new IllegalArgumentException("rebound.backfill.idle-plan-ttl (" + idlePlanTtl
                    + ") must not exceed rebound.backfill.plan-ttl (" + planTtl + ")");
        }
        if (startHold == null || startHold.isNegative()) {
            throw new IllegalArgumentException("rebound.backfill.start-hold must be zero or a positive duration, is "
                    + startHold);
        }
        if (sweepLookbackDays < 0) {
            throw new IllegalArgumentException("rebound.backfill.sweep-lookback-days must be 0 or more, is "
                    + sweepLookbackDays);
        }
    }

    /** Without a start hold. */
    public EngineSettings(Duration stallAfter, Duration coverageWait, Duration planTtl, int sweepLookbackDays,
            Duration idlePlanTtl) {
        this(stallAfter, coverageWait, planTtl, sweepLookbackDays, idlePlanTtl, Duration.ZERO);
    }

    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofDays(2), 3,
                Duration.ofHours(6));
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, is " + value);
        }
    }
}
