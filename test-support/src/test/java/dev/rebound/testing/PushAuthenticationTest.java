package dev.rebound.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.EventType;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.push.PushEndpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OIDC verification of pushes, switched on as in production: tokens are checked for signature (against keys
 * served from a local JWKS endpoint standing in for Google's), issuer, audience and the pushing service account,
 * before the handler sees anything.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(PushAuthenticationTest.AuthOn.class)
class PushAuthenticationTest {

    @Inject
    RecordingHandler handler;

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return IdTokens.authOn();
        }
    }

    @SuppressWarnings("unchecked")
    private String pushBody(String ceId) throws IOException {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("fixtures/v1/" + EventType.PROCESSOR_HEARTBEAT.ceType() + ".json")) {
            Map<?, ?> fixture = Json.mapper().readValue(in, Map.class);
            Map<String, Object> attributes = new LinkedHashMap<>((Map<String, Object>) fixture.get("attributes"));
            attributes.put("ce-id", ceId);
            String data = Base64.getEncoder().encodeToString(Json.mapper().writeValueAsBytes(fixture.get("data")));
            return Json.mapper().writeValueAsString(Map.of(
                    "subscription", "projects/p/subscriptions/heartbeat-tracker--processor-heartbeats",
                    "message", Map.of("data", data, "attributes", attributes, "messageId", "1")));
        }
    }

    @Test
    void aPushWithoutATokenIsRefused() throws IOException {
        given().body(pushBody(UUID.randomUUID().toString())).post(PushEndpoint.PATH).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aGarbageTokenIsRefused() throws IOException {
        given().header("Authorization", "Bearer not.a.jwt").body(pushBody(UUID.randomUUID().toString()))
                .post(PushEndpoint.PATH).then().statusCode(401);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", IdTokens.bearer("https://someone-else.run.app", IdTokens.PUSHER))
                .body(pushBody(id)).post(PushEndpoint.PATH).then().statusCode(401);
        assertThat(handler.handled(id)).isEmpty();
    }

    @Test
    void aTokenFromAnAccountNotAllowedToPushIsRefused() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", IdTokens.bearer(IdTokens.AUDIENCE, "intruder@evil.iam.gserviceaccount.com"))
                .body(pushBody(id)).post(PushEndpoint.PATH).then().statusCode(401);
        given().header("Authorization", IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.OPERATOR))
                .body(pushBody(id)).post(PushEndpoint.PATH).then().statusCode(401);
        assertThat(handler.handled(id)).isEmpty();
    }

    @Test
    void aValidTokenFromTheInvokerIsAcceptedAndTheEventHandled() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.PUSHER))
                .body(pushBody(id)).post(PushEndpoint.PATH).then().statusCode(204);
        assertThat(handler.handled(id)).hasSize(1);
    }
}
