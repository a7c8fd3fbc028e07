package dev.rebound.heartbeattracker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.messaging.StuckAnnouncer;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exactly once where it is hard: several sweeping instances at once (the service's own timer, Cloud Scheduler's
 * endpoint and extra detectors standing in for other replicas over the same store), and a sweep that fails between
 * its verdict and its announcement. Detection and announcements go through the real store, the outbox and the real
 * emulator.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class,
        initArgs = @ResourceArg(name = "service", value = "heartbeat-tracker"))
class ExactlyOnceAnnouncementTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ScenarioClock clock;
    @Inject
    RunStore store;
    @Inject
    StateStore stateStore;
    @Inject
    Outbox outbox;
    @Inject
    HeartbeatConfig config;
    @Inject
    Topology topology;
    @Inject
    StuckAnnouncer announcer;
    @Inject
    EventPublisher publisher;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    static List<Event<?>> published(String topic, EventType type, TestRun run) {
        return pubsub().receivedOfType(topic, type.ceType()).stream().<Event<?>>map(pubsub()::decode)
                .filter(run::isAbout).toList();
    }

    static List<Event<?>> stuckAlerts(TestRun run) {
        return published(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK, run);
    }

    static List<Event<?>> stuckFailures(TestRun run) {
        return published(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED, run).stream()
                .filter(e -> ((ProcessorFailed) e.data()).reason() == ProcessorFailed.Reason.STUCK).toList();
    }

    void letSweepsPass(Duration sim) {
        Instant until = clock.instant().plus(sim);
        await().atMost(DEADLINE).until(() -> clock.instant().isAfter(until));
    }

    @Test
    void manyInstancesSweepingAtOnceDeclareARunStuckOnce() throws Exception {
        List<StuckRunDetector> replicas = List.of(
                new StuckRunDetector(store, stateStore, announcer, topology, clock, config,
                        DeliveryWatermark.CURRENT, Instant.MIN),
                new StuckRunDetector(store, stateStore, announcer, topology, clock, config,
                        DeliveryWatermark.CURRENT, Instant.MIN),
                new StuckRunDetector(store, stateStore, announcer, topology, clock, config,
                        DeliveryWatermark.CURRENT, Instant.MIN));
        List<TestRun> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestRun run = TestRun.random("ReplicaSweepProcessor");
            runs.add(run);
            pubsub().publish(run.started(clock.instant(), 10));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger declaredByReplicas = new AtomicInteger();
        List<Future<?>> sweepers = new ArrayList<>();
        for (StuckRunDetector replica : replicas) {
            sweepers.add(pool.submit(() -> {
                while (!done.get()) {
                    declaredByReplicas.addAndGet(replica.sweep().newlyStuck().size());
                }
            }));
        }
        sweepers.add(pool.submit(() -> {
            while (!done.get()) {
                given().when().post("/tasks/sweep").then().statusCode(200);
            }
        }));

        await().atMost(DEADLINE).until(() -> runs.stream().allMatch(r -> stuckAlerts(r).size() >= 1
                && stuckFailures(r).size() >= 1));
        letSweepsPass(config.sweepEvery().multipliedBy(5));
        done.set(true);
        for (Future<?> f : sweepers) {
            f.get(10, TimeUnit.SECONDS);
        }

        for (TestRun run : runs) {
            assertThat(stuckAlerts(run)).as("alerts of %s", run).hasSize(1);
            assertThat(stuckFailures(run)).as("failed(stuck) of %s", run).hasSize(1);
        }
        assertThat(declaredByReplicas.get()).isLessThanOrEqualTo(runs.size());
    }

    @Test
    void aVerdictWhoseAnnouncementFailsIsUndoneAndDecidedAgainOnce() {
        // a replica whose clock is a day ahead sees the run silent long before this instance's own timer would
        ScenarioClock aDayAhead = ScenarioClock.scenario(Clock.systemUTC(), clock.instant().plus(Duration.ofDays(1)),
                Instant.now(), clock.speed());
        AtomicInteger attempts = new AtomicInteger();
        StuckAnnouncer failingOnce = new StuckAnnouncer(outbox, publisher, aDayAhead) {
            @Override
            public List<String> announceStuck(TrackedRun run, StuckVerdict verdict) {
                List<String> queued = super.announceStuck(run, verdict);
                if (attempts.getAndIncrement() == 0) {
                    throw new IllegalStateException("the instance fails after queueing its announcement (injected)");
                }
                return queued;
            }
        };
        StuckRunDetector replica = new StuckRunDetector(store, stateStore, failingOnce, topology, aDayAhead, config,
                DeliveryWatermark.CURRENT, Instant.MIN);
        TestRun run = TestRun.random("FailingSweepProcessor");
        pubsub().publish(run.started(clock.instant(), 1200));
        await().atMost(DEADLINE).until(() -> store.find(run.key()).isPresent());

        assertThatThrownBy(replica::sweep).hasMessageContaining("injected");
        assertThat(store.find(run.key()).orElseThrow().state())
                .as("the verdict rolled back with its announcement").isEqualTo(RunState.running);

        SweepReport second = replica.sweep();
        assertThat(second.newlyStuck()).extracting(SweepReport.Announced::runId).containsExactly(run.runId());
        assertThat(second.newlyStuck().get(0).announced()).containsExactly(EventType.PROCESSOR_STUCK.ceType(),
                EventType.PROCESSOR_FAILED.ceType());
        await().atMost(DEADLINE).until(() -> stuckAlerts(run).size() == 1 && stuckFailures(run).size() == 1);
        assertThat(replica.sweep().newlyStuck()).isEmpty();
        letSweepsPass(config.sweepEvery().multipliedBy(3));
        assertThat(stuckAlerts(run)).hasSize(1);
        assertThat(stuckFailures(run)).hasSize(1);
    }
}
