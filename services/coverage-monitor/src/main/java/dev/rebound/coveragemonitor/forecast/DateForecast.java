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
 * @param landedAt     when the last coverage phase completed; null while it has not
 * @param criticalPath from the root run to the last phase (empty once landed)
 */
public record DateForecast(LocalDate gameDate, Instant evaluatedAt, String phase, Instant landedAt,
        DeadlineAtRisk.Landing landing, List<GameVerdict> games, List<DeadlineAtRisk.PathStep> criticalPath,
        DeadlineAtRisk.CriticalRun criticalRun, DeadlineAtRisk.Cause cause, String detail) {

    /** One game against the forecast: its deadline is its tip-off minus the safety margin. */
    public record GameVerdict(String gameId, Instant tipoffAt, Instant deadline, boolean started,
            Duration expectedMargin, Duration p95Margin) {
    }

    public boolean landed() {
        return landedAt != null;
    }

    /** Games that have not started: the only ones a forecast can still protect. */
    public List<GameVerdict> gamesLeft() {
        return games.stream().filter(g -> !g.started()).toList();
    }

    /** Games not started whose pessimistic landing misses their deadline by the configured threshold, by tip-off. */
    public List<GameVerdict> atRiskGames(PipelineConfig.Forecast settings) {
        if (landed()) {
            return List.of();
        }
        return gamesLeft().stream().filter(g -> g.p95Margin().compareTo(settings.atRiskBelow()) < 0)
                .sorted(Comparator.comparing(GameVerdict::tipoffAt).thenComparing(GameVerdict::gameId)).toList();
    }

    public boolean atRisk(PipelineConfig.Forecast settings) {
        return !atRiskGames(settings).isEmpty();
    }

    /** At risk, and even the expected landing misses an affected game's deadline by the critical threshold. */
    public boolean critical(PipelineConfig.Forecast settings) {
        return atRiskGames(settings).stream().anyMatch(g -> g.expectedMargin().compareTo(settings.criticalBelow()) < 0);
    }

    /** Safe with room to spare: every game left has a p95 margin of at least {@code recover_above}. */
    public boolean comfortablySafe(PipelineConfig.Forecast settings) {
        return gamesLeft().stream().allMatch(g -> g.p95Margin().compareTo(settings.recoverAbove()) >= 0);
    }

    /** The earliest deadline among the games left, if any. */
    public Optional<Instant> nextDeadline() {
        return gamesLeft().stream().map(GameVerdict::deadline).min(Comparator.naturalOrder());
    }

    /** The smallest p95 margin among the games left: what the orchestrator orders its work by. */
    public Optional<Duration> smallestMargin() {
        return gamesLeft().stream().map(GameVerdict::p95Margin).min(Comparator.naturalOrder());
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
