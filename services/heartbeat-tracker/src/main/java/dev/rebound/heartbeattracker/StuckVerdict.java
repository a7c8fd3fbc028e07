package dev.rebound.heartbeattracker;

import java.time.Instant;

/**
 * The stuck verdict on a run and how far its announcement got. Written only by the sweep that won the verdict and
 * by the publisher, never by the event handlers, so a handler's update can never undo a publication mark.
 */
public record StuckVerdict(Instant detectedAt, Instant lastSeenAt, double silentForS, double thresholdS,
        String correlationId, boolean alertPublished, boolean failedPublished, boolean latePublished) {

    /** The correlation id the stuck alert, the failed event and any late heartbeat share. */
    public static String correlationIdFor(TrackedRun run) {
        return "stuck:" + run.key().processor() + ":" + run.dataDate() + ":" + run.key().runId();
    }
}
