package dev.rebound.coveragemonitor.forecast;

import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.D;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.DEADLINE;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.HISTORY;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.PIPELINE;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.TIPOFF;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which games a forecast puts at risk, by which landing, and what has nothing to forecast. */
class AtRiskVerdictTest {
    private final DeadlineForecaster forecaster = new DeadlineForecaster(PIPELINE);
    private final List<ObservedRun> runs = new ArrayList<>();

    @TempDir
    Path dir;

    private DateForecast forecastAt(Instant now) {
        return ThreeStagePipeline.forecast(forecaster, runs, now);
    }

    private void upstreamDone() {
        ThreeStagePipeline.upstreamDone(runs);
    }

    @Test
    void onlyGamesNotStartedCountAndTheyAreAtRiskByTheirOwnDeadline() {
        upstreamDone();
        runs.add(ObservedRun.running("Transform", D, "t1", at("21:00"), at("21:59"), null,
                new ObservedRun.ProgressSample(at("21:59"), 437, 1000)));
        List<ForecastInput.Game> games = List.of(new ForecastInput.Game("early", at("21:30")),
                new ForecastInput.Game("late", Instant.parse("2026-03-11T03:00:00Z")),
                new ForecastInput.Game("evening", TIPOFF));

        DateForecast f = forecaster.forecast(new ForecastInput(D, games, runs, HISTORY, at("22:00"))).orElseThrow();

        // Transform lands ≈ 23:15, Publish ≈ 23:25 (p95 ≈ 23:52): past the evening game's 23:30 deadline only, and
        // only pessimistically
        assertThat(f.gamesLeft()).extracting(DateForecast.GameVerdict::gameId).containsExactly("late", "evening");
        assertThat(f.atRiskGames(forecaster.settings())).extracting(DateForecast.GameVerdict::gameId)
                .containsExactly("evening");
        assertThat(f.critical(forecaster.settings())).isFalse();
        assertThat(f.nextDeadline()).contains(DEADLINE);
    }

    @Test
    void theLandingThatDecidesAtRiskLiesBetweenExpectedAndP95AsConfigured() throws IOException {
        String yaml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("forecast/three-stage-pipeline.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = dir.resolve("quarter.yaml");
        Files.writeString(file, yaml.replace("at_risk_landing: 1.0", "at_risk_landing: 0.25"));
        DeadlineForecaster quarter = new DeadlineForecaster(PipelineLoader.load(file.toString()));
        upstreamDone();
        runs.add(ObservedRun.running("Transform", D, "t1", at("21:00"), at("21:59"), null,
                new ObservedRun.ProgressSample(at("21:59"), 454, 1000)));

        DateForecast f = quarter.forecast(new ForecastInput(D, List.of(new ForecastInput.Game("g1", TIPOFF)), runs,
                HISTORY, at("22:00"))).orElseThrow();

        DateForecast.GameVerdict g = f.games().get(0);
        Duration quarterOfSpread = g.expectedMargin().minus(g.p95Margin()).dividedBy(4);
        assertThat(g.riskMargin()).isCloseTo(g.expectedMargin().minus(quarterOfSpread), Duration.ofMillis(1));
        // expected ≈ 23:20, p95 ≈ 23:45: the p95 landing misses 23:30, a quarter of the way from the expected does not
        assertThat(g.p95Margin()).isNegative();
        assertThat(g.riskMargin()).isPositive();
        assertThat(f.atRisk(quarter.settings())).isFalse();
        assertThat(forecastAt(at("22:00")).atRisk(forecaster.settings())).isTrue();
    }

    @Test
    void aDateWithoutGamesHasNothingToForecast() {
        assertThat(forecaster.forecast(new ForecastInput(D, List.of(), runs, HISTORY, at("08:00")))).isEmpty();
    }

    @Test
    void theShippedPipelineIsForecastToItsLastCoveragePhase() {
        Topology shipped = PipelineLoader.load(PipelineLoader.DEFAULT);
        DateForecast f = new DeadlineForecaster(shipped).forecast(new ForecastInput(D,
                List.of(new ForecastInput.Game("g1", TIPOFF)), List.of(), Map.of(), at("08:00"))).orElseThrow();

        assertThat(f.phase()).isEqualTo(shipped.coverageProcessors().get(shipped.coverageProcessors().size() - 1)
                .coverage().phase());
        assertThat(f.criticalPath().get(f.criticalPath().size() - 1).processor())
                .isEqualTo(shipped.coverageProcessors().get(shipped.coverageProcessors().size() - 1).name());
        assertThat(f.atRisk(shipped.config().forecast())).isFalse();
    }
}
