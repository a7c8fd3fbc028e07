package dev.rebound.runtime.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioClockTest {
    private static final Instant ANCHOR = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant START = Instant.parse("2026-01-23T12:00:00Z");

    @Test
    void simTimeIsStartPlusSpeedTimesRealElapsed() {
        Clock realNow = Clock.fixed(ANCHOR.plusSeconds(30), ZoneOffset.UTC);
        ScenarioClock clock = ScenarioClock.scenario(realNow, START, ANCHOR, 240);
        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(120)));
    }

    @Test
    void twoProcessesWithTheSameConfigurationAgree() {
        Clock realNow = Clock.fixed(ANCHOR.plusMillis(12_345), ZoneOffset.UTC);
        ScenarioClock a = ScenarioClock.scenario(realNow, START, ANCHOR, 60);
        ScenarioClock b = ScenarioClock.scenario(realNow, START, ANCHOR, 60);
        assertThat(a.instant()).isEqualTo(b.instant());
    }

    @Test
    void beforeItsAnchorAReplayReadsNoEarlierThanItsStart() {
        ScenarioClock starting = ScenarioClock.scenario(Clock.fixed(ANCHOR.minusSeconds(40), ZoneOffset.UTC), START,
                ANCHOR, 150);
        ScenarioClock running = ScenarioClock.scenario(Clock.fixed(ANCHOR.plusSeconds(2), ZoneOffset.UTC), START,
                ANCHOR, 150);

        assertThat(starting.instant()).isEqualTo(START.minus(Duration.ofMinutes(100)));
        assertThat(starting.instantFromStart()).isEqualTo(START);
        assertThat(running.instantFromStart()).isEqualTo(running.instant()).isEqualTo(START.plusSeconds(300));
    }

    @Test
    void aClockAnchoredLaterRunsTowardItsStartThenStandsJustBeforeItUntilTheAnchorIsConfirmed() {
        AtomicReference<Instant> realNow = new AtomicReference<>(ANCHOR.minusSeconds(40));
        AtomicReference<Instant> confirmed = new AtomicReference<>();
        Clock real = new Clock() {
            @Override
            public Instant instant() {
                return realNow.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        ScenarioClock clock = ScenarioClock.anchoredLater(real, START, ANCHOR,
                () -> Optional.ofNullable(confirmed.get()), 150);

        assertThat(clock.isScenario()).isTrue();
        assertThat(clock.anchored()).isFalse();
        assertThat(clock.instant()).as("by the tentative anchor").isEqualTo(START.minus(Duration.ofMinutes(100)));
        realNow.set(ANCHOR.plusSeconds(30));
        assertThat(clock.instant()).as("past the tentative anchor, unconfirmed: standing")
                .isEqualTo(START.minusMillis(1));
        assertThat(clock.instantFromStart()).isEqualTo(START);

        confirmed.set(ANCHOR.plusSeconds(28));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(clock::anchored);
        assertThat(clock.instant()).as("from the confirmed anchor, no jump").isEqualTo(START.plusSeconds(300));
    }

    @Test
    void aProcessStartedAfterTheAnchorWasAnnouncedReadsTheReplaysTimeOnEveryThreadFromTheFirstReading()
            throws Exception {
        Instant anchor = Instant.now().minusSeconds(30);
        // a slow read, as of a file on a busy machine: while one thread asks, the others must not stand before the start
        Supplier<Optional<Instant>> announced = () -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(anchor);
        };
        ScenarioClock clock = ScenarioClock.anchoredLater(Clock.systemUTC(), START, anchor.minusSeconds(5), announced,
                60);

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Instant>> readings = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                readings.add(threads.submit(() -> {
                    go.await();
                    return clock.instant();
                }));
            }
            go.countDown();
            for (Future<Instant> reading : readings) {
                assertThat(reading.get(5, TimeUnit.SECONDS)).as("30 s real after the anchor at speed 60")
                        .isAfterOrEqualTo(START.plus(Duration.ofMinutes(30)));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anAnchorFileIsEmptyUntilAnnouncedAndThenHoldsTheInstant(@TempDir Path dir) {
        AnchorFile file = new AnchorFile(dir.resolve("run/clock-anchor"));
        assertThat(file.get()).isEmpty();

        file.announce(ANCHOR);
        assertThat(file.get()).contains(ANCHOR);

        file.clear();
        assertThat(file.get()).isEmpty();
    }

    @Test
    void anAnchorFileThatHoldsNoInstantSaysSo(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("clock-anchor");
        Files.writeString(path, "soon");
        assertThatThrownBy(() -> new AnchorFile(path).get()).hasMessageContaining(path.toString())
                .hasMessageContaining("soon");
    }

    @Test
    void simPeriodsBecomeShorterRealWaits() {
        ScenarioClock clock = ScenarioClock.scenario(START, ANCHOR, 60);
        assertThat(clock.toReal(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ScenarioClock.system().toReal(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theSystemClockIsNotAScenario() {
        ScenarioClock clock = ScenarioClock.system();
        assertThat(clock.isScenario()).isFalse();
        assertThat(Duration.between(clock.instant(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void speedMustBePositive() {
        assertThatThrownBy(() -> ScenarioClock.scenario(START, ANCHOR, 0))
                .hasMessageContaining("rebound.clock.speed");
    }
}
