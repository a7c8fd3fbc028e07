package dev.rebound.coveragemonitor;

import dev.rebound.events.Cause;
import dev.rebound.events.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The announced state of a coverage gap for one game and phase, as persisted. */
public record GapAlert(LocalDate gameDate, String gameId, String phase, GapState state, Severity severity, int seq,
        int players, int minPlayers, int expectedPlayers, Instant tipoffAt, String homeTeam, String awayTeam,
        Instant raisedAt, Instant escalatedAt, Instant closedAt, Instant updatedAt, List<Cause> causes,
        String correlationId) {
}
