package dev.rebound.backfillorchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Fixtures;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.HttpEdgeContract;
import dev.rebound.testing.IdTokens;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's side of the operators' CLI, with token checks on as in production (one boot with the HTTP
 * convention every service keeps): alerts and quarantined messages read back from the event archive, a quarantined
 * message re-published to its topic, dead letters listed and redriven through the real emulator.
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(HttpEdgeContract.AuthOn.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class,
        initArgs = @ResourceArg(name = "service", value = "backfill-orchestrator"))
class OperatorApiTest extends HttpEdgeContract {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    StateStore store;

    OperatorApiTest() {
        super("backfill-orchestrator", "/plans");
    }

    private static RequestSpecification operator() {
        return given().header("Authorization", IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.OPERATOR));
    }

    private void archive(String topic, String messageId, Map<String, String> attributes, byte[] data)
            throws Exception {
        store.execute(Sql.of("INSERT INTO rebound_events.events (subscription_name, message_id, publish_time,"
                + " attributes, data) VALUES (@s, @m, @t, @a, @d)")
                .bind("s", "projects/p/subscriptions/" + topic + "--archive").bind("m", messageId)
                .bind("t", Instant.now()).bind("a", Json.mapper().writeValueAsString(attributes)).bind("d", data));
    }

    @Test
    void alertsAreReadFromTheArchiveWithTheirSeverityAndTheLoggedSummary() throws Exception {
        Fixtures.Fixture stuck = Fixtures.v1(EventType.PROCESSOR_STUCK.ceType())
                .withAttribute(EventAttributes.ID, UUID.randomUUID().toString());
        String messageId = "alert-" + UUID.randomUUID();
        archive(Topics.PIPELINE_ALERTS, messageId, stuck.attributes(), stuck.dataBytes());

        JsonPath alerts = operator().get("/alerts?since=PT1H").then().statusCode(200).extract().jsonPath();
        Map<String, Object> alert = alerts.getMap("find { it.message_id == '" + messageId + "' }");
        assertThat(alert).containsEntry("type", EventType.PROCESSOR_STUCK.ceType())
                .containsEntry("severity", "critical").containsEntry("processor", stuck.attributes().get("processor"));
        assertThat((String) alert.get("summary")).startsWith(stuck.data().get("processor").asText() + " ");
        operator().get("/alerts?since=yesterday").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ISO-8601 duration"));
    }

    @Test
    void aQuarantinedMessageIsListedShownAndRepublishedToTheTopicItCameFrom() throws Exception {
        PubSubTestClient pubsub = PubSubEmulatorResource.client();
        String ceId = UUID.randomUUID().toString();
        Fixtures.Fixture failed = Fixtures.v1(EventType.PROCESSOR_FAILED.ceType())
                .withAttribute(EventAttributes.ID, ceId);
        byte[] poison = "{\"processor\": 42}".getBytes(StandardCharsets.UTF_8);
        // pushed as Pub/Sub pushes, with its token (the emulator sends none, and the token checks are on here)
        given().header("Authorization", IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.PUSHER))
                .contentType(ContentType.JSON).body(Map.of("subscription",
                        "projects/p/subscriptions/backfill-orchestrator--processor-failures", "message", Map.of(
                                "data", Base64.getEncoder().encodeToString(poison), "attributes", failed.attributes(),
                                "messageId", UUID.randomUUID().toString())))
                .post(dev.rebound.runtime.push.PushEndpoint.PATH).then().statusCode(204);
        // the archive subscription's part: what reaches rebound-quarantine is archived as it is
        ReceivedMessage quarantined = await().atMost(DEADLINE).until(() -> pubsub.received(Topics.QUARANTINE,
                a -> ceId.equals(a.get("original_ce-id"))), l -> !l.isEmpty()).get(0);
        String messageId = quarantined.getMessage().getMessageId();
        archive(Topics.QUARANTINE, messageId, quarantined.getMessage().getAttributesMap(),
                quarantined.getMessage().getData().toByteArray());

        operator().get("/quarantine?since=PT1H").then().statusCode(200)
                .body("find { it.message_id == '" + messageId + "' }.original_id", org.hamcrest.Matchers.equalTo(ceId))
                .body("find { it.message_id == '" + messageId + "' }.consumer",
                        org.hamcrest.Matchers.equalTo("backfill-orchestrator"));
        operator().get("/quarantine/" + messageId).then().statusCode(200)
                .body("data_text", org.hamcrest.Matchers.equalTo("{\"processor\": 42}"))
                .body("message.subscription", org.hamcrest.Matchers.equalTo("backfill-orchestrator--processor-failures"));

        int before = pubsub.received(Topics.PROCESSOR_FAILURES, a -> ceId.equals(a.get(EventAttributes.ID))).size();
        operator().post("/quarantine/" + messageId + "/republish").then().statusCode(200)
                .body("topic", org.hamcrest.Matchers.equalTo(Topics.PROCESSOR_FAILURES))
                .body("ce_id", org.hamcrest.Matchers.equalTo(ceId));
        List<ReceivedMessage> again = await().atMost(DEADLINE).until(() -> pubsub.received(Topics.PROCESSOR_FAILURES,
                a -> ceId.equals(a.get(EventAttributes.ID))), l -> l.size() > before);
        ReceivedMessage republished = again.get(again.size() - 1);
        assertThat(republished.getMessage().getData().toByteArray()).isEqualTo(poison);
        assertThat(republished.getMessage().getAttributesMap()).containsEntry(EventAttributes.REPLAY, "true")
                .containsEntry(EventAttributes.TYPE, EventType.PROCESSOR_FAILED.ceType());
        operator().get("/quarantine/no-such-message").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aQuarantinedPushBodyHasNoOriginalToRepublish() throws Exception {
        String messageId = "body-" + UUID.randomUUID();
        archive(Topics.QUARANTINE, messageId, Map.of(EventAttributes.TYPE, EventType.QUARANTINED_CE_TYPE,
                "quarantine_content", "push_body", "quarantine_reason", "push body is not JSON"),
                "not json".getBytes(StandardCharsets.UTF_8));
        operator().post("/quarantine/" + messageId + "/republish").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("whole push body"));
    }

    @Test
    void deadLettersAreListedWithoutBeingConsumedThenRedrivenToTheirTopic() {
        PubSubTestClient pubsub = PubSubEmulatorResource.client();
        TopicCatalog catalog = TopicCatalog.load();
        for (TopicCatalog.Topic topic : catalog.topics()) {
            String deadLetter = catalog.deadLetterTopicName(topic.name());
            pubsub.admin().createTopic(deadLetter);
            pubsub.admin().createSubscription(catalog.deadLetterHoldSubscriptionName(topic.name()), deadLetter, null, 60);
        }
        String ceId = UUID.randomUUID().toString();
        Fixtures.Fixture completed = Fixtures.v1(EventType.PROCESSOR_COMPLETED.ceType())
                .withAttribute(EventAttributes.ID, ceId);
        Map<String, String> deadLettered = new LinkedHashMap<>(completed.attributes());
        deadLettered.put("CloudPubSubDeadLetterSourceSubscription", "coverage-monitor--processor-completions");
        deadLettered.put("CloudPubSubDeadLetterSourceDeliveryCount", "10");
        // what Pub/Sub does after the tenth failed delivery (the emulator never dead-letters by itself)
        pubsub.publish(catalog.deadLetterTopicName(Topics.PROCESSOR_COMPLETIONS),
                new EncodedMessage(completed.dataBytes(), deadLettered));

        for (int listing = 0; listing < 2; listing++) {
            operator().get("/dead-letters?topic=" + Topics.PROCESSOR_COMPLETIONS).then().statusCode(200)
                    .body("size()", org.hamcrest.Matchers.equalTo(1)).body("[0].ce_id", org.hamcrest.Matchers.equalTo(ceId))
                    .body("[0].delivery_attempts", org.hamcrest.Matchers.equalTo(10))
                    .body("[0].source_subscription", org.hamcrest.Matchers.equalTo("coverage-monitor--processor-completions"));
        }
        operator().get("/dead-letters").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(1));

        operator().contentType(ContentType.JSON).body(Map.of("topic", Topics.PROCESSOR_COMPLETIONS))
                .post("/dead-letters/redrive").then().statusCode(200)
                .body("[0].republished", org.hamcrest.Matchers.equalTo(1));
        ReceivedMessage redriven = await().atMost(DEADLINE).until(() -> pubsub.received(Topics.PROCESSOR_COMPLETIONS,
                a -> ceId.equals(a.get(EventAttributes.ID))), l -> !l.isEmpty()).get(0);
        assertThat(redriven.getMessage().getAttributesMap()).containsEntry(EventAttributes.REPLAY, "true")
                .doesNotContainKeys("CloudPubSubDeadLetterSourceSubscription", "CloudPubSubDeadLetterSourceDeliveryCount");
        operator().get("/dead-letters?topic=" + Topics.PROCESSOR_COMPLETIONS).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        operator().get("/dead-letters?topic=no-such-topic").then().statusCode(400);
    }

    @Test
    void theOpenApiDocumentNamesThePlanRecordsThePlansEndpointsReturn() {
        JsonPath api = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        assertThat(api.getString("paths.'/plans'.post.responses.'201'.content.'application/json'.schema.'$ref'"))
                .as("POST /plans: %s", api.getMap("paths.'/plans'.post.responses")).endsWith("/PlanView");
        assertThat(api.getString("paths.'/plans'.get.responses.'200'.content.'application/json'.schema.'$ref'"))
                .endsWith("/PlanList");
        assertThat(api.getMap("components.schemas.PlanView.properties")).containsKeys("plan_id", "cause_chain");
        assertThat(api.getMap("paths")).containsKeys("/alerts", "/quarantine/{messageId}/republish",
                "/dead-letters/redrive", "/replay/republish");
    }
}
