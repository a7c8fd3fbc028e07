package dev.rebound.events.v1;

import dev.rebound.events.Cause;
import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code pipeline.coverage.gap.v1} on {@code pipeline-alerts}. */
public record CoverageGap(LocalDate gameDate, String gameId, Instant tipoffAt, String phase, int players,
        int minPlayers, Instant detectedAt, Severity severity, List<Cause> suspectedRootCauses)
        implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("detected_at", detectedAt);
    }
}
