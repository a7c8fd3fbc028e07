package dev.rebound.heartbeattracker;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one sweep found: the runs it declared stuck, the announcements it retried, what it could not publish, and
 * (right after a start) until when it holds verdicts back.
 */
public record SweepReport(Instant sweptAt, int runningRuns, Instant holdingVerdictsUntil, List<Announced> newlyStuck, List<Announced> retried,
        List<String> failures) {

    public record Announced(String processor, String runId, LocalDate dataDate, Instant lastSeenAt, double silentForS,
            double thresholdS, String correlationId, List<String> published) {
    }
}
