package dev.rebound.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DurationPercentilesTest {

    @Test
    void nearestRankOverOneToHundredSeconds() {
        List<Duration> d = IntStream.rangeClosed(1, 100).mapToObj(Duration::ofSeconds).toList();

        assertThat(DurationPercentiles.of(d, 50)).contains(Duration.ofSeconds(50));
        assertThat(DurationPercentiles.of(d, 95)).contains(Duration.ofSeconds(95));
        assertThat(DurationPercentiles.of(d, 100)).contains(Duration.ofSeconds(100));
    }

    @Test
    void aSingleRunIsEveryPercentileAndNoRunsIsNone() {
        assertThat(DurationPercentiles.of(List.of(Duration.ofSeconds(7)), 95)).contains(Duration.ofSeconds(7));
        assertThat(DurationPercentiles.of(List.of(), 50)).isEmpty();
    }

    @Test
    void refusesAPercentileOutOfRange() {
        assertThatThrownBy(() -> DurationPercentiles.of(List.of(Duration.ZERO), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
