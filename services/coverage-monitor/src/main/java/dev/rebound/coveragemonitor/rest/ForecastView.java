package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.forecast.DateForecast;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One game date's deadline forecast as {@code GET /forecast} and the dashboard show it: when its last coverage phase
 * lands (or landed), each game's expected and p95 landing against its deadline (tip-off minus the safety margin),
 * and the critical run holding the landing back. Margins are deadline minus landing, in seconds: negative is late.
 *
 * @param atRisk   some game not started misses its deadline at the at-risk landing (what the warning is decided on)
 * @param critical even the expected landing misses an affected game's deadline
 */
public record ForecastView(LocalDate gameDate, Instant evaluatedAt, String phase, Instant landedAt,
        Instant expectedLanding, Instant p95Landing, boolean atRisk, boolean critical, DeadlineAtRisk.Cause cause,
        String detail, DeadlineAtRisk.CriticalRun criticalRun, List<DeadlineAtRisk.PathStep> criticalPath,
        List<GameForecast> games) {

    /** One game: its tip-off and deadline, and the date's landing against them. */
    public record GameForecast(String gameId, Instant tipoffAt, Instant deadline, boolean started,
            Instant expectedLanding, Instant p95Landing, long expectedMarginS, long p95MarginS, boolean atRisk) {
    }

    static ForecastView of(DateForecast f, PipelineConfig.Forecast settings) {
        List<String> atRisk = f.atRiskGames(settings).stream().map(DateForecast.GameVerdict::gameId).toList();
        List<GameForecast> games = f.games().stream().map(g -> new GameForecast(g.gameId(), g.tipoffAt(),
                g.deadline(), g.started(), f.landing().expected(), f.landing().p95(),
                g.expectedMargin().toSeconds(), g.p95Margin().toSeconds(), atRisk.contains(g.gameId()))).toList();
        return new ForecastView(f.gameDate(), f.evaluatedAt(), f.phase(), f.landedAt(), f.landing().expected(),
                f.landing().p95(), !atRisk.isEmpty(), f.critical(settings), f.cause(), f.detail(), f.criticalRun(),
                f.criticalPath(), games);
    }
}
