package dev.rebound.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ProjectSubscriptionName;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.runtime.push.PushStats;
import dev.rebound.runtime.push.Quarantine;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pull delivery: the same processing as push, fed by streaming pull of the service's catalog subscriptions. */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = {
        @ResourceArg(name = "service", value = "heartbeat-tracker"),
        @ResourceArg(name = "delivery", value = "pull")})
class PullDeliveryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    RecordingHandler handler;
    @Inject
    PushStats stats;

    @Test
    void eventsArriveByPullAndAreProcessedOnce() {
        Event<ProcessorHeartbeat> beat = Event.of("//processors/pgs", Instant.parse("2026-01-23T15:01:00Z"),
                new ProcessorHeartbeat("PlayerGameSummaryProcessor", "run-pull", LocalDate.of(2026, 1, 22),
                        Instant.parse("2026-01-23T15:01:00Z"), null), null);
        long duplicates = stats.get(PushStats.Outcome.duplicate);

        PubSubEmulatorResource.client().publish(beat);
        PubSubEmulatorResource.client().publish(beat);

        await().atMost(DEADLINE).until(() -> stats.get(PushStats.Outcome.duplicate) > duplicates);
        assertThat(handler.handled(beat.id())).hasSize(1);
    }

    /**
     * Nacked, not left to its lease: the subscription's ack deadline is 30 s and the client would extend the lease of
     * an unanswered message for up to an hour, so only a nack brings it back within the deadline here.
     */
    @Test
    void aTransientFailureIsNackedAndRedeliveredAtOnce() {
        Event<ProcessorHeartbeat> beat = Event.of("//processors/pgs", Instant.parse("2026-01-23T15:02:00Z"),
                new ProcessorHeartbeat("PlayerGameSummaryProcessor", "run-pull-retry", LocalDate.of(2026, 1, 22),
                        Instant.parse("2026-01-23T15:02:00Z"), null), null);
        handler.failTransiently(beat.id(), 1);
        long retried = stats.get(PushStats.Outcome.retried);

        PubSubEmulatorResource.client().publish(beat);

        await().atMost(Duration.ofSeconds(15)).until(() -> handler.handled(beat.id()).size() == 1);
        assertThat(stats.get(PushStats.Outcome.retried)).isGreaterThan(retried);
    }

    /**
     * A stream that ends is reopened: the subscription is deleted under the running instance (as when Pub/Sub restarts
     * without it, or it was not provisioned yet), the instance reports itself not ready instead of staying deaf, and
     * once the subscription exists again it receives what is published to it.
     */
    @Test
    void aStreamThatEndsIsReopenedAndReadinessSaysSoMeanwhile() {
        PubSubTestClient client = PubSubEmulatorResource.client();
        String subscription = "heartbeat-tracker--" + Topics.PROCESSOR_HEARTBEATS;
        String name = ProjectSubscriptionName.of(client.admin().projectId(), subscription).toString();
        await().atMost(DEADLINE).until(() -> readiness() == 200);

        client.admin().subscriptions().deleteSubscription(name);
        await().atMost(DEADLINE).until(() -> readiness() == 503);
        client.admin().createSubscription(subscription, Topics.PROCESSOR_HEARTBEATS, null, 30);
        await().atMost(DEADLINE).until(() -> readiness() == 200);

        Event<ProcessorHeartbeat> beat = Event.of("//processors/pgs", Instant.parse("2026-01-23T15:03:00Z"),
                new ProcessorHeartbeat("PlayerGameSummaryProcessor", "run-pull-reopened", LocalDate.of(2026, 1, 22),
                        Instant.parse("2026-01-23T15:03:00Z"), null), null);
        client.publish(beat);
        await().atMost(DEADLINE).until(() -> handler.handled(beat.id()).size() == 1);
    }

    private static int readiness() {
        return RestAssured.given().get("/q/health/ready").statusCode();
    }

    @Test
    void aPoisonMessageIsQuarantinedAndAcknowledged() {
        String id = UUID.randomUUID().toString();
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_COMPLETIONS, new EncodedMessage(
                "not json".getBytes(StandardCharsets.UTF_8), Map.of(EventAttributes.ID, id)));

        await().atMost(DEADLINE).until(() -> !PubSubEmulatorResource.client().received(Topics.QUARANTINE,
                a -> id.equals(a.get(Quarantine.ORIGINAL_PREFIX + EventAttributes.ID))).isEmpty());
        assertThat(PubSubEmulatorResource.client().received(Topics.QUARANTINE,
                a -> id.equals(a.get(Quarantine.ORIGINAL_PREFIX + EventAttributes.ID)))).hasSize(1);
    }
}
