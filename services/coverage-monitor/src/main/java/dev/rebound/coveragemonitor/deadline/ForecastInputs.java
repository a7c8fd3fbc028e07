package dev.rebound.coveragemonitor.deadline;

import dev.rebound.coveragemonitor.CoverageCalculator;
import dev.rebound.coveragemonitor.forecast.ForecastInput;
import dev.rebound.coveragemonitor.store.RunProgressStore;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads what the forecast of one game date needs from the store: the date's games from the schedule, every run seen
 * within the topology's reach of the date, and the processors' recent durations.
 */
final class ForecastInputs {
    private final CoverageCalculator calculator;
    private final RunProgressStore progress;
    private final int historyRuns;
    /** How many days away from the game date a run the landing needs can be: no path shifts dates further. */
    private final int reachDays;

    ForecastInputs(Topology topology, CoverageCalculator calculator, RunProgressStore progress) {
        this.calculator = calculator;
        this.progress = progress;
        this.historyRuns = topology.config().forecast().historyRuns();
        this.reachDays = topology.config().edges().stream().mapToInt(ForecastInputs::shift).sum();
    }

    private static int shift(PipelineConfig.Edge e) {
        return e.byFreshness() ? e.freshnessDays() : Math.abs(e.offset());
    }

    List<ForecastInput.Game> games(LocalDate gameDate) {
        return calculator.schedule(gameDate).stream()
                .map(g -> new ForecastInput.Game(g.gameId(), g.tipoffAt())).toList();
    }

    ForecastInput of(LocalDate gameDate, Instant now) {
        return new ForecastInput(gameDate, games(gameDate),
                progress.observed(gameDate.minusDays(reachDays), gameDate.plusDays(reachDays)),
                progress.recentDurations(historyRuns), now);
    }
}
