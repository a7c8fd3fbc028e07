package dev.rebound.coveragemonitor.forecast;

import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The forecast of one game date: when its last coverage phase lands (or landed), each game's margin against its
 * deadline, and — while it has not landed — the critical path, its root run and why that run holds the landing back.
 * Margins are deadline minus landing: positive means the phase lands that long before the deadline.
 *
 * @param landedAt          when the last coverage phase completed; null while it has not
 * @param criticalPath      from the root run to the last phase (empty once landed)
 * @param criticalRunBehind the critical run is itself behind — slower than its processor's p95, not started although
 *                          its inputs are ready, failed or stuck — rather than on pace after runs that finished late:
 *                          only then is it a new cause worth announcing
 */
public record DateForecast(LocalDate gameDate, Instant evaluatedAt, String phase, Instant landedAt,
        DeadlineAtRisk.Landing landing, List<GameVerdict> games, List<DeadlineAtRisk.PathStep> criticalPath,
        DeadlineAtRisk.CriticalRun criticalRun, DeadlineAtRisk.Cause cause, String detail,
        boolean criticalRunBehind) {

    /**
     * One game against the forecast: its deadline is its tip-off minus the safety margin; {@code riskMargin} is the
     * margin of the landing that decides at risk ({@code forecast.at_risk_landing} between expected and p95).
     */
    public record GameVerdict(String gameId, Instant tipoffAt, Instant deadline, boolean started,
            Duration expectedMargin, Duration p95Margin, Duration riskMargin) {
    }

    public boolean landed() {
        return landedAt != null;
    }

    /** Games that have not started: the only ones a forecast can still protect. */
    public List<GameVerdict> gamesLeft() {
        return games.stream().filter(g -> !g.started()).toList();
    }

    /** Games not started whose at-risk landing misses their deadline by the configured threshold, by tip-off. */
    public List<GameVerdict> atRiskGames(PipelineConfig.Forecast settings) {
        if (landed()) {
            return List.of();
        }
        return gamesLeft().stream().filter(g -> g.riskMargin().compareTo(settings.atRiskBelow()) < 0)
                .sorted(Comparator.comparing(GameVerdict::tipoffAt).thenComparing(GameVerdict::gameId)).toList();
    }

    public boolean atRisk(PipelineConfig.Forecast settings) {
        return !atRiskGames(settings).isEmpty();
    }

    /** At risk, and even the expected landing misses an affected game's deadline by the critical threshold. */
    public boolean critical(PipelineConfig.Forecast settings) {
        return atRiskGames(settings).stream().anyMatch(g -> g.expectedMargin().compareTo(settings.criticalBelow()) < 0);
    }

    /** Safe with room to spare: every game left has a margin (at the at-risk landing) of {@code recover_above}. */
    public boolean comfortablySafe(PipelineConfig.Forecast settings) {
        return gamesLeft().stream().allMatch(g -> g.riskMargin().compareTo(settings.recoverAbove()) >= 0);
    }

    /** The earliest deadline among the games left, if any. */
    public Optional<Instant> nextDeadline() {
        return gamesLeft().stream().map(GameVerdict::deadline).min(Comparator.naturalOrder());
    }

    /** The smallest margin (at the at-risk landing) among the games left: what the orchestrator orders its work by. */
    public Optional<Duration> smallestMargin() {
        return gamesLeft().stream().map(GameVerdict::riskMargin).min(Comparator.naturalOrder());
    }

    /** Identifies the cause for "once per (date, cause)": why, and which run. Null once landed. */
    public String causeKey() {
        if (cause == null) {
            return null;
        }
        return cause.name().toLowerCase(java.util.Locale.ROOT) + ":" + criticalRun.processor() + ":"
                + criticalRun.dataDate();
    }
}
