package dev.rebound.heartbeattracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat stream stalls while runs are alive: the tracker's own subscription of processor-heartbeats stops
 * pushing (its push endpoint is taken away in the real emulator, so everything published meanwhile waits in the
 * subscription, as in a Pub/Sub delivery stall) for four stuck thresholds, then pushes again. A live run whose
 * heartbeats were in the backlog must not be declared stuck; once the stream is current again, a run that really
 * goes silent is. 60× scenario clock: interval 20 s, threshold 60 s (1 s real), sweep every 10 s (167 ms real), heartbeats
 * every 5 s, a canary allowed 10 + 15 s.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class,
        initArgs = @ResourceArg(name = "service", value = "heartbeat-tracker"))
class DeliveryStallTest {
    static final String PROCESSOR = "StallProcessor";
    static final int INTERVAL_S = 20;
    static final Duration THRESHOLD = Duration.ofSeconds(3L * INTERVAL_S);
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final String SUBSCRIPTION = "heartbeat-tracker--processor-heartbeats";

    @Inject
    ScenarioClock clock;
    @Inject
    RunStore store;
    @Inject
    StuckRunDetector detector;
    @Inject
    HeartbeatConfig config;

    static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static List<Event<?>> stuckAlerts(TestRun run) {
        return pubsub().receivedOfType(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK.ceType()).stream()
                .<Event<?>>map(pubsub()::decode).filter(run::isAbout).toList();
    }

    private void setPushEndpoint(String endpoint) {
        SubscriptionName name = SubscriptionName.of(pubsub().projectId(), SUBSCRIPTION);
        pubsub().admin().subscriptions().modifyPushConfig(name,
                endpoint == null ? PushConfig.getDefaultInstance()
                        : PushConfig.newBuilder().setPushEndpoint(endpoint).build());
    }

    private static double deliveryLagGauge() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("rebound_heartbeat_delivery_lag_seconds{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(Double.NaN);
    }

    @Test
    void liveRunsAreNotDeclaredStuckWhileTheirHeartbeatsWaitInAStalledSubscription() throws Exception {
        // past the start-up grace, with canaries coming back
        await().atMost(DEADLINE).until(() -> {
            SweepReport r = detector.sweep();
            return r.holdingVerdictsUntil() == null && r.judgedSilenceUpTo() == null;
        });
        TestRun live = TestRun.random(PROCESSOR);
        pubsub().publish(live.started(now(), INTERVAL_S));
        await().atMost(DEADLINE).until(() -> store.find(live.key()).isPresent());

        AtomicReference<Instant> lastBeat = new AtomicReference<>();
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        long beatEveryMs = Duration.ofSeconds(5).toMillis() / (long) clock.speed();
        beats.scheduleAtFixedRate(() -> {
            Instant at = now();
            pubsub().publish(live.heartbeat(at));
            lastBeat.set(at);
        }, 0, beatEveryMs, TimeUnit.MILLISECONDS);
        String endpoint = pubsub().admin().subscriptions()
                .getSubscription(SubscriptionName.of(pubsub().projectId(), SUBSCRIPTION)).getPushConfig()
                .getPushEndpoint();
        try {
            await().atMost(DEADLINE).until(() -> store.find(live.key()).map(TrackedRun::lastHeartbeatAt).isPresent());

            Instant stalledAt = now();
            setPushEndpoint(null);
            try {
                Instant stallEnds = stalledAt.plus(THRESHOLD.multipliedBy(4));
                await().atMost(DEADLINE).until(() -> now().isAfter(stallEnds));
                SweepReport during = detector.sweep();

                assertThat(store.find(live.key()).orElseThrow().silentFor(during.sweptAt()))
                        .as("what the store saw of the live run: silent past its threshold")
                        .isGreaterThan(THRESHOLD.multipliedBy(2));
                assertThat(store.find(live.key()).orElseThrow().state()).isEqualTo(RunState.running);
                assertThat(during.judgedSilenceUpTo()).as("silence judged only up to the last canary back")
                        .isNotNull().isBefore(stalledAt.plus(config.sweepEvery()).plus(config.canary().maxDelay())
                                .plusSeconds(INTERVAL_S));
                assertThat(deliveryLagGauge()).isGreaterThan(THRESHOLD.toSeconds());
            } finally {
                setPushEndpoint(endpoint);
            }

            // the backlog arrives: the run's heartbeats, then canaries that make the stream current again
            Instant beforeRestore = lastBeat.get();
            await().atMost(DEADLINE).until(() -> store.find(live.key()).map(TrackedRun::lastHeartbeatAt)
                    .filter(t -> !t.isBefore(beforeRestore)).isPresent());
            await().atMost(DEADLINE).until(() -> detector.sweep().judgedSilenceUpTo() == null);
            assertThat(store.find(live.key()).orElseThrow().state()).isEqualTo(RunState.running);
            assertThat(stuckAlerts(live)).isEmpty();
        } finally {
            beats.shutdownNow();
            beats.awaitTermination(5, TimeUnit.SECONDS);
        }

        // with the stream current, real silence is still a verdict, and only one
        await().atMost(DEADLINE).until(() -> stuckAlerts(live).size() == 1);
        Instant after = now().plus(config.sweepEvery().multipliedBy(5));
        await().atMost(DEADLINE).until(() -> now().isAfter(after));
        assertThat(stuckAlerts(live)).hasSize(1);
        assertThat(store.find(live.key()).orElseThrow().state()).isEqualTo(RunState.stuck);
    }

    private static double consumed(String ceType, String outcome) {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("rebound_events_consumed_total{")
                        && l.contains("type=\"" + ceType + "\"") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** A replay (or a seek) delivers old canaries again: they are duplicates, not a late stream. */
    @Test
    void aCanaryDeliveredAgainByAReplayHoldsNothing() {
        String canary = EventType.HEARTBEAT_CANARY.ceType();
        await().atMost(DEADLINE).until(() -> {
            SweepReport r = detector.sweep();
            return r.holdingVerdictsUntil() == null && r.judgedSilenceUpTo() == null
                    && !pubsub().receivedOfType(Topics.PROCESSOR_HEARTBEATS, canary).isEmpty();
        });
        var first = pubsub().receivedOfType(Topics.PROCESSOR_HEARTBEATS, canary).get(0).getMessage();
        // old enough to count as late many times over if it were taken for a new one
        Instant sentAt = pubsub().decode(pubsub().receivedOfType(Topics.PROCESSOR_HEARTBEATS, canary).get(0))
                .attributes().time();
        Instant until = sentAt.plus(THRESHOLD);
        await().atMost(DEADLINE).until(() -> now().isAfter(until));
        double duplicatesBefore = consumed(canary, "duplicate");

        pubsub().publish(Topics.PROCESSOR_HEARTBEATS, new dev.rebound.events.codec.EncodedMessage(
                first.getData().toByteArray(), first.getAttributesMap()));

        await().atMost(DEADLINE).until(() -> consumed(canary, "duplicate") > duplicatesBefore
                || detector.sweep().holdingVerdictsUntil() != null);
        assertThat(detector.sweep().holdingVerdictsUntil()).as("verdicts held for a replayed canary").isNull();
        assertThat(consumed(canary, "duplicate")).isGreaterThan(duplicatesBefore);
    }
}
