package dev.rebound.heartbeattracker;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What one sweep found: the runs it declared stuck (with the events queued to announce each) and, right after a
 * start or an outage of the state store, until when it holds verdicts back.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepReport(Instant sweptAt, int runningRuns, Instant holdingVerdictsUntil,
        List<Announced> newlyStuck) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Announced(String processor, String runId, LocalDate dataDate, Instant lastSeenAt, double silentForS,
            double thresholdS, String correlationId, List<String> announced) {
    }
}
