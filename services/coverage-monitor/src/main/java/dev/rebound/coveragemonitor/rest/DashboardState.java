package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.GapAlert;
import dev.rebound.coveragemonitor.RepairPlan;
import dev.rebound.coveragemonitor.RosterFreshness;
import dev.rebound.coveragemonitor.incident.Incident;
import dev.rebound.events.Cause;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Everything the dashboard page shows, in one poll. */
public record DashboardState(Instant now, String pipeline, int minPlayers, long pollMillis, List<Day> days,
        List<AlertView> alerts, List<RunView> runs, List<RunView> stuck, int rosterMaxAgeDays,
        List<RosterFreshness.TeamRoster> rosters, List<RepairPlan> repairs, List<Incident> incidents) {

    public record Day(LocalDate date, String label, Instant firstTipoff, Instant alertDeadline,
            Long secondsToDeadline, List<PhaseView> phases, List<GameView> games) {
    }

    public record PhaseView(String phase, String processor, boolean ran, double coverage, int gamesAtMin,
            int gamesTotal) {
    }

    /** {@code level}: ok (at or above the minimum), bad (below it after the phase ran), pending (not run yet). */
    public record Cell(String phase, int players, double ratio, String level) {
    }

    /** {@code landing}: the deadline forecast for the game (null when the date has none). */
    public record GameView(String gameId, String awayTeam, String homeTeam, Instant tipoffAt, long secondsToTipoff,
            boolean started, int expectedPlayers, List<Cell> cells, LandingView landing) {
    }

    /**
     * When the date's last coverage phase lands (expected, p95) or landed, and the margin of the expected landing
     * before the game's tip-off (seconds; negative: after it). {@code atRisk}: the forecast warns for this game.
     */
    public record LandingView(Instant expected, Instant p95, Instant landedAt, long secondsBeforeTipoff,
            boolean atRisk) {
    }

    public record AlertView(LocalDate gameDate, String gameId, String awayTeam, String homeTeam, String phase,
            String state, String severity, int players, int minPlayers, int expectedPlayers, Instant tipoffAt,
            long secondsToTipoff, Instant raisedAt, Instant escalatedAt, List<Cause> causes, String correlationId) {

        static AlertView of(GapAlert a, Instant now) {
            return new AlertView(a.gameDate(), a.gameId(), a.awayTeam(), a.homeTeam(), a.phase(),
                    a.state().name().toLowerCase(java.util.Locale.ROOT),
                    a.severity().name().toLowerCase(java.util.Locale.ROOT), a.players(), a.minPlayers(),
                    a.expectedPlayers(), a.tipoffAt(), java.time.Duration.between(now, a.tipoffAt()).toSeconds(),
                    a.raisedAt(), a.escalatedAt(), a.causes(), a.correlationId());
        }
    }

    public record RunView(String processor, LocalDate dataDate, String runId, String status, Instant at,
            String detail) {
    }
}
