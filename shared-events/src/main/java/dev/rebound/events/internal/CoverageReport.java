package dev.rebound.events.internal;

import dev.rebound.events.EventPayload;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code rebound.coverage.report.v1} on {@code coverage-reports}. Phase coverage is covered players over expected
 * players across the date's games, each game capped at its expected count; the orchestrator compares it with an
 * edge's soft threshold.
 */
public record CoverageReport(LocalDate gameDate, Instant evaluatedAt, int minPlayers, List<GameCoverage> games,
        List<PhaseCoverage> phases) implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("evaluated_at", evaluatedAt);
    }

    public record GameCoverage(String gameId, Instant tipoffAt, String homeTeam, String awayTeam, boolean started,
            int expectedPlayers, List<PhaseCount> phases) {
    }

    public record PhaseCount(String phase, int players, double ratio) {
    }

    public record PhaseCoverage(String phase, String processor, boolean ran, int gamesTotal, int gamesAtMin,
            double coverage) {
    }
}
