package dev.rebound.events.internal;

import dev.rebound.events.EventPayload;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.coverage.resolved.v1}: a reported gap is closed. */
public record CoverageResolved(LocalDate gameDate, String gameId, String phase, int players, int minPlayers,
        Instant resolvedAt) implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("resolved_at", resolvedAt);
    }
}
