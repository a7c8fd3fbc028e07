package dev.rebound.heartbeattracker;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one sweep found: the runs it declared stuck (with the events queued to announce each) and, right after a
 * start or an outage of the state store, until when it holds verdicts back.
 */
public record SweepReport(Instant sweptAt, int runningRuns, Instant holdingVerdictsUntil,
        List<Announced> newlyStuck) {

    public record Announced(String processor, String runId, LocalDate dataDate, Instant lastSeenAt, double silentForS,
            double thresholdS, String correlationId, List<String> announced) {
    }
}
