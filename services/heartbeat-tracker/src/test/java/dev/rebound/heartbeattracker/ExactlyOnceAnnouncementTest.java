package dev.rebound.heartbeattracker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
import dev.rebound.runtime.pubsub.PublishFailedException;
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
 * endpoint and extra detectors standing in for other replicas over the same store), and a publish that fails
 * after the verdict. Detection and announcements go through the real store and the real emulator.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(value = PubSubEmulatorResource.class,
        initArgs = @ResourceArg(name = "service", value = "heartbeat-tracker"))
class ExactlyOnceAnnouncementTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    ScenarioClock clock;
    @Inject
    RunStore store;
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
                new StuckRunDetector(store, announcer, topology, clock, config, Instant.MIN),
                new StuckRunDetector(store, announcer, topology, clock, config, Instant.MIN),
                new StuckRunDetector(store, announcer, topology, clock, config, Instant.MIN));
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
    void aPublishThatFailsAfterTheVerdictIsRetriedByALaterSweepAndNeverRepeated() {
        // a replica whose clock is a day ahead sees the run silent long before this instance's own timer would
        ScenarioClock aDayAhead = ScenarioClock.scenario(Clock.systemUTC(), clock.instant().plus(Duration.ofDays(1)),
                Instant.now(), clock.speed());
        AtomicInteger failedPublishes = new AtomicInteger();
        StuckAnnouncer failingOnce = new StuckAnnouncer(event -> {
            if (event.data() instanceof ProcessorFailed && failedPublishes.getAndIncrement() == 0) {
                throw new PublishFailedException("Pub/Sub unavailable (injected)", null);
            }
            publisher.publish(event);
        }, publisher.source(), store, aDayAhead);
        StuckRunDetector replica = new StuckRunDetector(store, failingOnce, topology, aDayAhead, config,
                Instant.MIN);
        TestRun run = TestRun.random("FlakyPublishProcessor");
        pubsub().publish(run.started(clock.instant(), 1200));
        await().atMost(DEADLINE).until(() -> store.find(run.key()).isPresent());

        SweepReport first = replica.sweep();

        assertThat(first.newlyStuck()).extracting(SweepReport.Announced::runId).containsExactly(run.runId());
        assertThat(first.newlyStuck().get(0).published()).isEmpty();
        assertThat(first.failures()).hasSize(1);
        TrackedRun afterFailure = store.find(run.key()).orElseThrow();
        assertThat(afterFailure.state()).isEqualTo(RunState.stuck);
        assertThat(afterFailure.verdict().alertPublished()).isTrue();

        // the claim was given back, so the next sweep of any instance (this service's timer, most likely) retries
        await().atMost(DEADLINE).until(() -> stuckFailures(run).size() == 1);
        letSweepsPass(config.sweepEvery().multipliedBy(5));
        replica.sweep();
        assertThat(stuckAlerts(run)).hasSize(1);
        assertThat(stuckFailures(run)).hasSize(1);
        assertThat(store.find(run.key()).orElseThrow().verdict().failedPublished()).isTrue();
        assertThat(store.withPendingAnnouncements()).extracting(TrackedRun::key).doesNotContain(run.key());
    }
}
