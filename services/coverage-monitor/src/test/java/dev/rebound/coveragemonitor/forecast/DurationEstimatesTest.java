package dev.rebound.coveragemonitor.forecast;

import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings of the three-stage test pipeline: 10 runs of history, at least 3; prior 20/40 min, Publish's 10/20. */
class DurationEstimatesTest {
    private static final PipelineConfig.Forecast SETTINGS = ThreeStagePipeline.PIPELINE.config().forecast();

    @Test
    void tooFewRunsSeenMeanTheProcessorsPrior() {
        DurationEstimates estimates = new DurationEstimates(SETTINGS, Map.of("Extract", minutes(5, 6),
                "Publish", minutes(1)));

        assertThat(estimates.of("Extract")).isEqualTo(new DurationEstimates.Estimate(Duration.ofMinutes(20),
                Duration.ofMinutes(40), false));
        assertThat(estimates.of("Publish")).isEqualTo(new DurationEstimates.Estimate(Duration.ofMinutes(10),
                Duration.ofMinutes(20), false));
    }

    @Test
    void enoughRunsGiveTheirOwnPercentilesOverTheNewestOnly() {
        // newest first: the ten newest are 1..10 min, the two oldest (100 min) fall out of the window
        List<Duration> durations = minutes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 100);

        DurationEstimates.Estimate e = new DurationEstimates(SETTINGS, Map.of("Extract", durations))
                .of("Extract");

        assertThat(e).isEqualTo(new DurationEstimates.Estimate(Duration.ofMinutes(5), Duration.ofMinutes(10), true));
        assertThat(e.spreadRatio()).isEqualTo(2.0);
    }

    @Test
    void instantRunsStillHaveAUsableMedian() {
        DurationEstimates.Estimate e = new DurationEstimates(SETTINGS, Map.of("Extract",
                List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO))).of("Extract");

        assertThat(e.p50()).isEqualTo(Duration.ofSeconds(1));
        assertThat(e.spreadRatio()).isEqualTo(1.0);
    }
}
