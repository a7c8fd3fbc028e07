package dev.rebound.backfillorchestrator;

import java.time.Duration;
import java.time.Instant;

/**
 * A run seen starting or heartbeating: its id, its last sign of life and how long it may stay silent before the
 * heartbeat tracker declares it stuck. It is alive until then, unless its own completion, failure or stuck verdict
 * was seen ({@link RunRecord#ended}). {@code firstSeenAt}: its earliest sign of life seen (its start, unless that
 * was never seen), null when unknown.
 */
public record LiveRun(String runId, Instant firstSeenAt, Instant lastSeenAt, Duration stuckAfter) {
    public boolean silentPast(Instant now) {
        return !now.isBefore(lastSeenAt.plus(stuckAfter));
    }
}
