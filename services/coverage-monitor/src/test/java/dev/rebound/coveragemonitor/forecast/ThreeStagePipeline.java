package dev.rebound.coveragemonitor.forecast;

import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The forecast tests' pipeline ({@code forecast/three-stage-pipeline.yaml}), unlike the shipped one: Extract of D-1 →
 * Transform of D → Publish, the coverage phase; a Reference load satisfies Transform by freshness (2 days). One
 * game tips off at 00:00 after D; with the 30 min safety margin its deadline is 23:30 on D. It decides at risk on the
 * p95 landing.
 */
final class ThreeStagePipeline {
    static final Topology PIPELINE = PipelineLoader.load("classpath:forecast/three-stage-pipeline.yaml");
    static final LocalDate D = LocalDate.of(2026, 3, 10);
    static final LocalDate D_1 = D.minusDays(1);
    static final Instant TIPOFF = Instant.parse("2026-03-11T00:00:00Z");
    static final Instant DEADLINE = Instant.parse("2026-03-10T23:30:00Z");
    /** Extract p50 30 / p95 35 min, Transform p50 60 / p95 80 min, Reference 5 min; Publish has its prior 10 / 20. */
    static final Map<String, List<Duration>> HISTORY = Map.of(
            "Extract", minutes(30, 28, 35, 32, 30),
            "Transform", minutes(60, 55, 80, 65, 60),
            "Reference", minutes(5, 5, 5));

    private ThreeStagePipeline() {
    }

    static List<Duration> minutes(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofMinutes).toList();
    }

    /** A time of day on D. */
    static Instant at(String time) {
        return Instant.parse("2026-03-10T" + time + ":00Z");
    }

    /** The forecast of D with its one game, from these runs and {@link #HISTORY}. */
    static DateForecast forecast(DeadlineForecaster forecaster, List<ObservedRun> runs, Instant now) {
        return forecaster.forecast(new ForecastInput(D, List.of(new ForecastInput.Game("g1", TIPOFF)), runs, HISTORY,
                now)).orElseThrow();
    }

    /** Extract of D-1 completed at 06:30, Reference of D-1 at 05:05: Transform can start. */
    static void upstreamDone(List<ObservedRun> runs) {
        runs.add(ObservedRun.completed("Extract", D_1, "e1", at("06:00"), at("06:30")));
        runs.add(ObservedRun.completed("Reference", D_1, "r1", at("05:00"), at("05:05")));
    }
}
