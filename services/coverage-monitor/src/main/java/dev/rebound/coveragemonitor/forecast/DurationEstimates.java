package dev.rebound.coveragemonitor.forecast;

import dev.rebound.runtime.pipeline.DurationPercentiles;
import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long a processor's run usually takes: the p50 and p95 of its recent completed runs, or its configured prior
 * while Rebound has seen fewer than {@code min_history_runs} of them.
 */
public final class DurationEstimates {
    /** A zero median would make every ratio infinite; no run is shorter than this for the forecast. */
    private static final Duration SHORTEST = Duration.ofSeconds(1);

    private final PipelineConfig.Forecast settings;
    private final Map<String, List<Duration>> recent;

    /** The usual durations of one processor, and whether they come from its own runs. */
    public record Estimate(Duration p50, Duration p95, boolean fromHistory) {
        /** p95 over p50, at least 1: how much longer than usual a bad run takes. */
        public double spreadRatio() {
            return Math.max(1.0, (double) p95.toMillis() / p50.toMillis());
        }
    }

    /**
     * @param recent per processor, its completed runs' durations, newest first; only the first
     *               {@code history_runs} count
     */
    public DurationEstimates(PipelineConfig.Forecast settings, Map<String, List<Duration>> recent) {
        this.settings = settings;
        this.recent = recent;
    }

    public Estimate of(String processor) {
        List<Duration> durations = newest(recent.getOrDefault(processor, List.of()));
        if (durations.size() < settings.minHistoryRuns()) {
            PipelineConfig.DurationPrior prior = settings.priorOf(processor);
            return estimate(prior.p50(), prior.p95(), false);
        }
        return estimate(DurationPercentiles.of(durations, 50).orElseThrow(),
                DurationPercentiles.of(durations, 95).orElseThrow(), true);
    }

    private List<Duration> newest(List<Duration> durations) {
        return durations.size() > settings.historyRuns() ? durations.subList(0, settings.historyRuns()) : durations;
    }

    private static Estimate estimate(Duration p50, Duration p95, boolean fromHistory) {
        Duration median = p50.compareTo(SHORTEST) < 0 ? SHORTEST : p50;
        return new Estimate(median, p95.compareTo(median) < 0 ? median : p95, fromHistory);
    }
}
