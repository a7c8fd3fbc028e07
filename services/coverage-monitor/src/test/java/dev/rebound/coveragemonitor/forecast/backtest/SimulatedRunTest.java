package dev.rebound.coveragemonitor.forecast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.forecast.ObservedRun;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The backtest's runs show the forecast only what their events would carry, when they would carry it. */
class SimulatedRunTest {
    private static final Instant START = Instant.parse("2027-01-01T08:00:00Z");
    private static final LocalDate DATE = LocalDate.of(2027, 1, 1);

    private static SimulatedRun run(SimulatedRun.Outcome outcome, Instant end, Instant stuckAt, double slowdown) {
        // 10 min setup, then 60 min of work; slowed after the first 30 min of it when slowdown > 1
        return new SimulatedRun("P", DATE, "p-1", outcome, START, Duration.ofMinutes(10), Duration.ofMinutes(60),
                Duration.ofMinutes(30), slowdown, end, stuckAt, true);
    }

    @Test
    void aRunningRunShowsItsLastHeartbeatAndTheProgressItReportedThen() {
        SimulatedRun r = run(SimulatedRun.Outcome.COMPLETES, START.plus(Duration.ofMinutes(70)), null, 1);

        assertThat(r.observedAt(START.minusSeconds(1))).isNull();
        ObservedRun seen = r.observedAt(START.plus(Duration.ofMinutes(40)).plusSeconds(30));
        assertThat(seen.status()).isEqualTo(ObservedRun.Status.RUNNING);
        assertThat(seen.lastSeenAt()).isEqualTo(START.plus(Duration.ofMinutes(40)));
        assertThat(seen.lastProgress()).isEqualTo(new ObservedRun.ProgressSample(START.plus(Duration.ofMinutes(40)),
                500, 1000));
        // the first heartbeat after the setup that had anything done
        assertThat(seen.firstProgress().at()).isEqualTo(START.plus(Duration.ofMinutes(11)));
        assertThat(r.observedAt(START.plus(Duration.ofMinutes(70))).status()).isEqualTo(ObservedRun.Status.COMPLETED);
    }

    @Test
    void aSlowedRunProgressesSlowerAfterItsOnset() {
        SimulatedRun r = run(SimulatedRun.Outcome.COMPLETES, SimulatedRun.naturalEnd(START, Duration.ofMinutes(10),
                Duration.ofMinutes(60), Duration.ofMinutes(30), 4), null, 4);

        assertThat(r.end()).isEqualTo(START.plus(Duration.ofMinutes(10 + 30 + 120)));
        assertThat(r.fractionAt(START.plus(Duration.ofMinutes(40)))).isEqualTo(0.5);
        assertThat(r.fractionAt(START.plus(Duration.ofMinutes(100)))).isEqualTo(0.75);
    }

    @Test
    void aStalledRunLooksAliveUntilItsHeartbeatsStopThenStuckOnceDeclared() {
        Instant stops = START.plus(Duration.ofMinutes(20)).plusSeconds(30);
        Instant declared = START.plus(Duration.ofMinutes(23)).plusSeconds(5);
        SimulatedRun r = run(SimulatedRun.Outcome.STALLS, stops, declared, 1);

        ObservedRun silent = r.observedAt(START.plus(Duration.ofMinutes(22)));
        assertThat(silent.status()).isEqualTo(ObservedRun.Status.RUNNING);
        assertThat(silent.lastSeenAt()).isEqualTo(START.plus(Duration.ofMinutes(20)));
        assertThat(r.observedAt(declared).status()).isEqualTo(ObservedRun.Status.STUCK);
    }
}
