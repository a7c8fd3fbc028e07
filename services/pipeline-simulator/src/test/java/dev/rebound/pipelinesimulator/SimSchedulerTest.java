package dev.rebound.pipelinesimulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.runtime.clock.ScenarioClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {
    private static final Instant START = Instant.parse("2026-01-23T06:00:00Z");
    private static final double SPEED = 100;

    @Test
    void anAppointmentMadeBeforeTheAnchorIsConfirmedRunsOnlyOnceSimTimeHasReachedIt() {
        AtomicReference<Instant> confirmed = new AtomicReference<>();
        // the tentative anchor is now: sim time stands just before the start until it is confirmed
        Instant tentative = Instant.now();
        ScenarioClock clock = ScenarioClock.anchoredLater(Clock.systemUTC(), START, tentative,
                () -> Optional.ofNullable(confirmed.get()), SPEED);
        SimScheduler scheduler = new SimScheduler(clock);
        Instant due = START.plusSeconds(10);
        CompletableFuture<Instant> ranAt = new CompletableFuture<>();

        scheduler.at(due, "appointment", () -> ranAt.complete(clock.instant()));
        // the wait computed from the standing clock (0.1 s real) ends long before sim time gets there
        CompletableFuture.delayedExecutor(600, TimeUnit.MILLISECONDS).execute(() -> confirmed.set(Instant.now()));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(ranAt::isDone);
        assertThat(ranAt.join()).isAfterOrEqualTo(due).isBefore(due.plusSeconds(300));
        assertThat(clock.anchored()).isTrue();
    }

    @Test
    void aCancelledAppointmentNeverRuns() {
        ScenarioClock clock = ScenarioClock.scenario(START, Instant.now(), SPEED);
        SimScheduler scheduler = new SimScheduler(clock);
        AtomicReference<String> ran = new AtomicReference<>();
        Future<?> cancelled = scheduler.at(clock.instant().plusSeconds(20), "cancelled", () -> ran.set("cancelled"));
        Future<?> kept = scheduler.at(clock.instant().plusSeconds(30), "kept", () -> ran.compareAndSet(null, "kept"));

        cancelled.cancel(false);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(kept::isDone);
        assertThat(ran.get()).isEqualTo("kept");
    }
}
