package dev.rebound.heartbeattracker;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one sweep found: the runs it declared stuck (with the events queued to announce each); right after a start
 * or an outage of the state store, until when it holds verdicts back; and while the heartbeat stream is late (its
 * canaries are not back), the moment up to which it judged silence instead of {@code sweptAt}.
 */
public record SweepReport(Instant sweptAt, int runningRuns, Instant holdingVerdictsUntil,
        Instant judgedSilenceUpTo, List<Announced> newlyStuck) {

    public record Announced(String processor, String runId, LocalDate dataDate, Instant lastSeenAt, double silentForS,
            double thresholdS, String correlationId, List<String> announced) {
    }
}
