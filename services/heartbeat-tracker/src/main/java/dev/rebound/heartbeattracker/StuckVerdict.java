package dev.rebound.heartbeattracker;

import java.time.Instant;

/**
 * The stuck verdict on a run. Written only by the sweep that won it, in the same transaction as the outbox rows that
 * announce it (the stuck alert and failed(reason=stuck)), never by the event handlers.
 */
public record StuckVerdict(Instant detectedAt, Instant lastSeenAt, double silentForS, double thresholdS,
        String correlationId) {

    /** The correlation id the stuck alert, the failed event and any late heartbeat share. */
    public static String correlationIdFor(TrackedRun run) {
        return "stuck:" + run.key().processor() + ":" + run.dataDate() + ":" + run.key().runId();
    }
}
