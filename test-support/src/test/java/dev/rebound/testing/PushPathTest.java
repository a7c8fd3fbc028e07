package dev.rebound.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import dev.rebound.events.TraceContext;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.pubsub.PublishFailedException;
import dev.rebound.runtime.push.FutureTimestampCheck;
import dev.rebound.runtime.push.HandlerAttempts;
import dev.rebound.runtime.push.PushEndpoint;
import dev.rebound.runtime.push.PushStats;
import dev.rebound.runtime.push.Quarantine;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shared push path through the real emulator: published by the shared publisher, pushed by Pub/Sub, decoded
 * by the shared endpoint; bad input quarantined with its reason and acknowledged; duplicates processed once.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = {
        @ResourceArg(name = "service", value = "probe-service"),
        @ResourceArg(name = "push-all-topics", value = "true")})
class PushPathTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    EventPublisher publisher;
    @Inject
    RecordingHandler handler;
    @Inject
    PushStats stats;
    @ConfigProperty(name = HandlerAttempts.KEY)
    int handlerAttempts;
    @ConfigProperty(name = FutureTimestampCheck.KEY)
    Duration maxFutureSkew;

    private final EventCodec codec = new EventCodec();

    private static Map<String, Object> fixture(EventType type) throws IOException {
        try (InputStream in = PushPathTest.class.getClassLoader()
                .getResourceAsStream("fixtures/v1/" + type.ceType() + ".json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.mapper().readValue(in, Map.class);
            return map;
        }
    }

    /** A fixture's event with a fresh ce-id, so every test sees its own. */
    private Event<?> freshEvent(EventType type) throws IOException {
        Map<String, Object> f = fixture(type);
        @SuppressWarnings("unchecked")
        Map<String, String> attrs = new LinkedHashMap<>((Map<String, String>) f.get("attributes"));
        attrs.put(EventAttributes.ID, UUID.randomUUID().toString());
        byte[] data = Json.mapper().writeValueAsBytes(f.get("data"));
        return codec.decode(data, attrs);
    }

    private List<ReceivedMessage> quarantinedWith(String originalCeId) {
        return PubSubEmulatorResource.client().received(Topics.QUARANTINE,
                a -> originalCeId.equals(a.get(Quarantine.ORIGINAL_PREFIX + EventAttributes.ID)));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeArrivesThroughPushAndDecodesEqualToWhatWasSent(EventType type) throws IOException {
        Event<?> sent = freshEvent(type);

        publisher.publish(sent);

        await().atMost(DEADLINE).until(() -> !handler.handled(sent.id()).isEmpty());
        List<Event<?>> received = handler.handled(sent.id());
        assertThat(received).hasSize(1);
        // the publisher adds the trace context; everything else arrives exactly as sent
        Map<String, String> extensions = new LinkedHashMap<>(received.get(0).attributes().extensions());
        assertThat(extensions.remove(TraceContext.ATTRIBUTE)).isNotNull();
        EventAttributes a = received.get(0).attributes();
        assertThat(new Event<>(new EventAttributes(a.id(), a.source(), a.type(), a.time(), a.subject(), a.processor(),
                a.dataDate(), a.correlationId(), extensions), received.get(0).data())).isEqualTo(sent);
    }

    @Test
    void theSameMessageDeliveredTwiceIsProcessedOnce() throws IOException {
        Event<?> event = freshEvent(EventType.PROCESSOR_HEARTBEAT);
        long duplicatesBefore = stats.get(PushStats.Outcome.duplicate);

        publisher.publish(event);
        publisher.publish(event);

        await().atMost(DEADLINE).until(() -> stats.get(PushStats.Outcome.duplicate) > duplicatesBefore);
        assertThat(handler.handled(event.id())).hasSize(1);
    }

    @Test
    void aTransientHandlerFailureIsRetriedByPubSubAndThenProcessedOnce() throws IOException {
        Event<?> event = freshEvent(EventType.PROCESSOR_COMPLETED);
        handler.failTransiently(event.id(), 2);

        publisher.publish(event);

        await().atMost(Duration.ofSeconds(60)).until(() -> !handler.handled(event.id()).isEmpty());
        assertThat(handler.handled(event.id())).hasSize(1);
        assertThat(quarantinedWith(event.id())).isEmpty();
    }

    @Test
    void aHandlerThatFailsTheSameWayEveryTimeHasTheMessageQuarantinedAfterItsLocalAttempts() throws IOException {
        Event<?> event = freshEvent(EventType.PROCESSOR_COMPLETED);
        handler.failDeterministically(event.id());

        publisher.publish(event);

        List<ReceivedMessage> q = await().atMost(DEADLINE).until(() -> quarantinedWith(event.id()), l -> !l.isEmpty());
        Map<String, String> attrs = q.get(0).getMessage().getAttributesMap();
        assertThat(attrs.get(Quarantine.PATH)).isEqualTo("handler");
        assertThat(attrs.get(Quarantine.REASON)).isEqualTo("handler: java.lang.IllegalArgumentException: simulated "
                + "bug: cannot handle " + event.id() + " (" + handlerAttempts + " attempts)");
        // acknowledged, not answered 503: Pub/Sub never delivers it again, so no attempt is added later
        serviceStillServes();
        assertThat(quarantinedWith(event.id())).hasSize(1);
        assertThat(handler.attempts(event.id())).isEqualTo(handlerAttempts);
    }

    // ---- bad input through the emulator: each quarantined with its reason, acknowledged, nothing else handled

    private void assertQuarantined(String ceId, byte[] originalData, String path, String reasonFragment) {
        List<ReceivedMessage> q = await().atMost(DEADLINE).until(() -> quarantinedWith(ceId), l -> !l.isEmpty());
        Map<String, String> attrs = q.get(0).getMessage().getAttributesMap();
        assertThat(attrs.get(Quarantine.PATH)).isEqualTo(path);
        assertThat(attrs.get(Quarantine.REASON)).contains(reasonFragment);
        assertThat(attrs.get(Quarantine.CONSUMER)).isEqualTo("probe-service");
        assertThat(attrs.get(EventAttributes.TYPE)).isEqualTo(EventType.QUARANTINED_CE_TYPE);
        assertThat(q.get(0).getMessage().getData().toByteArray()).isEqualTo(originalData);
        assertThat(handler.handled(ceId)).isEmpty();
        serviceStillServes();
        // acknowledged: Pub/Sub does not deliver it again, so it is quarantined exactly once
        assertThat(quarantinedWith(ceId)).hasSize(1);
    }

    private void serviceStillServes() {
        try {
            Event<?> ok = freshEvent(EventType.PROCESSOR_STARTED);
            publisher.publish(ok);
            await().atMost(DEADLINE).until(() -> !handler.handled(ok.id()).isEmpty());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> attributesOf(EventType type, String ceId) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, String> attrs = new LinkedHashMap<>((Map<String, String>) fixture(type).get("attributes"));
        attrs.put(EventAttributes.ID, ceId);
        return attrs;
    }

    private byte[] dataOf(EventType type) throws IOException {
        return Json.mapper().writeValueAsBytes(fixture(type).get("data"));
    }

    @Test
    void dataThatIsNotJsonIsQuarantined() throws IOException {
        String id = UUID.randomUUID().toString();
        byte[] data = "heartbeat, but not JSON".getBytes(StandardCharsets.UTF_8);
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS,
                new EncodedMessage(data, attributesOf(EventType.PROCESSOR_HEARTBEAT, id)));
        assertQuarantined(id, data, "data", "is not JSON");
    }

    @Test
    void anUnknownCeTypeIsQuarantined() throws IOException {
        String id = UUID.randomUUID().toString();
        Map<String, String> attrs = attributesOf(EventType.PROCESSOR_HEARTBEAT, id);
        attrs.put(EventAttributes.TYPE, "pipeline.processor.exploded.v1");
        byte[] data = dataOf(EventType.PROCESSOR_HEARTBEAT);
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS, new EncodedMessage(data, attrs));
        assertQuarantined(id, data, "attributes.ce-type", "unknown ce-type");
    }

    @Test
    void aMissingRequiredAttributeIsQuarantined() throws IOException {
        String id = UUID.randomUUID().toString();
        Map<String, String> attrs = attributesOf(EventType.PROCESSOR_HEARTBEAT, id);
        attrs.remove(EventAttributes.SOURCE);
        byte[] data = dataOf(EventType.PROCESSOR_HEARTBEAT);
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS, new EncodedMessage(data, attrs));
        assertQuarantined(id, data, "attributes.ce-source", "is required");
    }

    @Test
    void aMissingRequiredFieldIsQuarantined() throws IOException {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>(castMap(fixture(EventType.PROCESSOR_COMPLETED).get("data")));
        data.remove("records_written");
        byte[] bytes = Json.mapper().writeValueAsBytes(data);
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_COMPLETIONS,
                new EncodedMessage(bytes, attributesOf(EventType.PROCESSOR_COMPLETED, id)));
        assertQuarantined(id, bytes, "data.records_written", "is required");
    }

    @Test
    void aWrongFieldTypeIsQuarantined() throws IOException {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>(castMap(fixture(EventType.PROCESSOR_FAILED).get("data")));
        data.put("retryable", "maybe");
        byte[] bytes = Json.mapper().writeValueAsBytes(data);
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_FAILURES,
                new EncodedMessage(bytes, attributesOf(EventType.PROCESSOR_FAILED, id)));
        assertQuarantined(id, bytes, "data.retryable", "boolean");
    }

    @Test
    void aCeTimeFurtherAheadThanTheAllowedSkewIsQuarantinedNamingIt() throws IOException {
        String id = UUID.randomUUID().toString();
        Map<String, String> attrs = attributesOf(EventType.PROCESSOR_HEARTBEAT, id);
        attrs.put(EventAttributes.TIME, Instant.now().plus(maxFutureSkew).plus(Duration.ofMinutes(1)).toString());
        byte[] data = dataOf(EventType.PROCESSOR_HEARTBEAT);
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS, new EncodedMessage(data, attrs));
        assertQuarantined(id, data, "attributes.ce-time", "ahead of this service's clock");
    }

    @Test
    void anEventsOwnTimeFurtherAheadThanTheAllowedSkewIsQuarantinedNamingTheField() throws IOException {
        String id = UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>(castMap(fixture(EventType.PROCESSOR_HEARTBEAT).get("data")));
        data.put("at", Instant.now().plus(Duration.ofDays(7)).toString());
        byte[] bytes = Json.mapper().writeValueAsBytes(data);
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS,
                new EncodedMessage(bytes, attributesOf(EventType.PROCESSOR_HEARTBEAT, id)));
        assertQuarantined(id, bytes, "data.at", "more than " + maxFutureSkew + " ahead");
    }

    @Test
    void aTimeJustInsideTheAllowedSkewIsAccepted() throws IOException {
        Event<?> event = freshEvent(EventType.PROCESSOR_HEARTBEAT);
        Map<String, String> attrs = new LinkedHashMap<>(event.attributes().toMap());
        attrs.put(EventAttributes.TIME, Instant.now().plus(maxFutureSkew).minus(Duration.ofSeconds(30)).toString());
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS,
                new EncodedMessage(dataOf(EventType.PROCESSOR_HEARTBEAT), attrs));
        await().atMost(DEADLINE).until(() -> !handler.handled(event.id()).isEmpty());
    }

    @Test
    void aFiveMegabytePayloadIsQuarantinedWhole() throws IOException {
        String id = UUID.randomUUID().toString();
        byte[] big = new byte[5 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS,
                new EncodedMessage(big, attributesOf(EventType.PROCESSOR_HEARTBEAT, id)));
        assertQuarantined(id, big, "data", "exceeds the limit");
    }

    // ---- bad push bodies: the emulator always sends well-formed envelopes, so these are posted over real HTTP

    private void postBody(String body, String reasonFragment) {
        long before = stats.get(PushStats.Outcome.quarantined);
        given().body(body).contentType("application/json")
                .when().post(PushEndpoint.PATH)
                .then().statusCode(204);
        assertThat(stats.get(PushStats.Outcome.quarantined)).isEqualTo(before + 1);
        await().atMost(DEADLINE).until(() -> quarantinedBody(reasonFragment, body));
        serviceStillServes();
    }

    private boolean quarantinedBody(String reasonFragment, String body) {
        return PubSubEmulatorResource.client().received(Topics.QUARANTINE).stream()
                .anyMatch(m -> m.getMessage().getAttributesMap().getOrDefault(Quarantine.REASON, "")
                        .contains(reasonFragment)
                        && m.getMessage().getData().toStringUtf8().equals(body)
                        && Quarantine.Content.push_body.name().equals(m.getMessage().getAttributesMap()
                                .get(Quarantine.CONTENT)));
    }

    @Test
    void aPushBodyThatIsNotJsonIsQuarantinedWithTheBody() {
        postBody("this is not a push envelope " + UUID.randomUUID(), "push body is not JSON");
    }

    @Test
    void aPushBodyWithoutMessageIsQuarantinedWithTheBody() {
        postBody("{\"subscription\":\"projects/p/subscriptions/s\",\"id\":\"" + UUID.randomUUID() + "\"}",
                "no message");
    }

    @Test
    void dataThatIsNotBase64IsQuarantinedWithTheBody() {
        String body = "{\"subscription\":\"projects/p/subscriptions/s\",\"message\":{\"messageId\":\""
                + UUID.randomUUID() + "\",\"data\":\"%%% not base64 %%%\",\"attributes\":{}}}";
        postBody(body, "not valid base64");
    }

    @Test
    void aPoisonMessageDeliveredAgainIsQuarantinedOnce() throws IOException {
        String ceId = UUID.randomUUID().toString();
        String attributes = Json.mapper().writeValueAsString(attributesOf(EventType.PROCESSOR_HEARTBEAT, ceId));
        String data = java.util.Base64.getEncoder().encodeToString("not JSON".getBytes(StandardCharsets.UTF_8));
        // a redelivery is the same push again: same subscription, same message id
        String body = "{\"subscription\":\"projects/p/subscriptions/redelivering\",\"message\":{\"messageId\":\""
                + UUID.randomUUID() + "\",\"data\":\"" + data + "\",\"attributes\":" + attributes + "}}";
        long quarantinedBefore = stats.get(PushStats.Outcome.quarantined);
        long duplicatesBefore = stats.get(PushStats.Outcome.duplicate);

        given().body(body).contentType("application/json").when().post(PushEndpoint.PATH).then().statusCode(204);
        given().body(body).contentType("application/json").when().post(PushEndpoint.PATH).then().statusCode(204);

        assertThat(stats.get(PushStats.Outcome.quarantined)).isEqualTo(quarantinedBefore + 1);
        assertThat(stats.get(PushStats.Outcome.duplicate)).isEqualTo(duplicatesBefore + 1);
        await().atMost(DEADLINE).until(() -> quarantinedWith(ceId), l -> !l.isEmpty());
        serviceStillServes();
        assertThat(quarantinedWith(ceId)).as("one quarantine for both deliveries").hasSize(1);
    }

    @Test
    void aQuarantinedMessagePushedBackIsAcknowledgedNotQuarantinedAgain() {
        long quarantinedBefore = stats.get(PushStats.Outcome.quarantined);
        long ignoredBefore = stats.get(PushStats.Outcome.ignored);
        String body = "{\"subscription\":\"projects/p/subscriptions/misrouted\",\"message\":{\"messageId\":\"q1\","
                + "\"data\":\"AAEC\",\"attributes\":{\"ce-type\":\"" + EventType.QUARANTINED_CE_TYPE + "\"}}}";
        given().body(body).contentType("application/json").when().post(PushEndpoint.PATH).then().statusCode(204);
        assertThat(stats.get(PushStats.Outcome.quarantined)).isEqualTo(quarantinedBefore);
        assertThat(stats.get(PushStats.Outcome.ignored)).isEqualTo(ignoredBefore + 1);
    }

    @Test
    void aPublishThatPubSubRefusesSurfacesAsAnException() {
        EncodedMessage message = new EncodedMessage("{}".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> publisher.publishRaw("no-such-topic", message))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("no-such-topic");
    }

    @Test
    void readinessReportsTheStoreTheWarehouseAndPubSub() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItems("state-store", "pipeline-warehouse", "pubsub"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
