package dev.rebound.coveragemonitor;

import dev.rebound.events.internal.CoverageReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coverage of one game date at one instant: per game the expected players (its two teams' latest rosters) and the
 * distinct players each coverage phase produced, and per phase the totals the orchestrator's soft thresholds use.
 * {@code latestRosterByTeam} is the newest roster date (not after the game date) of every team that plays.
 */
public record DateCoverage(LocalDate gameDate, Instant evaluatedAt, int minPlayers, List<Game> games,
        List<Phase> phases, Map<String, LocalDate> latestRosterByTeam) {

    public record Game(String gameId, Instant tipoffAt, String homeTeam, String awayTeam, boolean started,
            int expectedPlayers, Map<String, Integer> playersByPhase) {

        public int players(String phase) {
            return playersByPhase.getOrDefault(phase, 0);
        }

        /** Covered over expected, capped at 1: a game is never more than fully covered. */
        public double ratio(String phase) {
            return DateCoverage.ratio(Math.min(players(phase), expectedPlayers), expectedPlayers, players(phase) > 0);
        }
    }

    public record Phase(String phase, String processor, boolean ran, int gamesTotal, int gamesAtMin,
            double coverage) {
    }

    public Optional<Instant> firstTipoff() {
        return games.stream().map(Game::tipoffAt).min(Comparator.naturalOrder());
    }

    /** The moment open gaps become critical: the day's first tip-off minus the configured lead time. */
    public Optional<Instant> alertDeadline(Duration before) {
        return firstTipoff().map(t -> t.minus(before));
    }

    public Optional<Phase> phase(String phase) {
        return phases.stream().filter(p -> p.phase().equals(phase)).findFirst();
    }

    public Optional<Game> game(String gameId) {
        return games.stream().filter(g -> g.gameId().equals(gameId)).findFirst();
    }

    public CoverageReport toReport() {
        List<CoverageReport.GameCoverage> reportGames = games.stream()
                .map(g -> new CoverageReport.GameCoverage(g.gameId(), g.tipoffAt(), g.homeTeam(), g.awayTeam(),
                        g.started(), g.expectedPlayers(), phases.stream()
                                .map(p -> new CoverageReport.PhaseCount(p.phase(), g.players(p.phase()),
                                        round(g.ratio(p.phase()))))
                                .toList()))
                .toList();
        List<CoverageReport.PhaseCoverage> reportPhases = phases.stream()
                .map(p -> new CoverageReport.PhaseCoverage(p.phase(), p.processor(), p.ran(), p.gamesTotal(),
                        p.gamesAtMin(), round(p.coverage())))
                .toList();
        return new CoverageReport(gameDate, evaluatedAt, minPlayers, reportGames, reportPhases);
    }

    /**
     * covered / expected. With nothing expected (no roster for either team) the ratio is 0 unless the phase
     * produced players anyway, so a missing roster never looks like full coverage.
     */
    static double ratio(long covered, long expected, boolean anyPlayers) {
        if (expected <= 0) {
            return anyPlayers ? 1.0 : 0.0;
        }
        return (double) covered / expected;
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
