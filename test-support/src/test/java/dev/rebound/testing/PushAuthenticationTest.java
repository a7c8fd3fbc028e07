package dev.rebound.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.api.client.json.webtoken.JsonWebToken;
import com.sun.net.httpserver.HttpServer;
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
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OIDC verification of pushes, switched on as in production: tokens are checked for signature (against keys
 * served from a local JWKS endpoint standing in for Google's), issuer, audience and the pushing service account.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(PushAuthenticationTest.AuthOn.class)
class PushAuthenticationTest {
    static final String AUDIENCE = "https://heartbeat-tracker-abc-uc.a.run.app";
    static final String PUSHER = "pubsub-invoker@rebound-prod.iam.gserviceaccount.com";
    static final KeyPair KEYS = keyPair();
    static final String JWKS_URL = serveJwks();

    @Inject
    RecordingHandler handler;

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rebound.push.auth.enabled", "true",
                    "rebound.push.auth.audience", AUDIENCE,
                    "rebound.push.auth.service-accounts", PUSHER,
                    "rebound.push.auth.certificates-url", JWKS_URL);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serveJwks() {
        RSAPublicKey pub = (RSAPublicKey) KEYS.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"test-key\",\"n\":\""
                + b64url(pub.getModulus()) + "\",\"e\":\"" + b64url(pub.getPublicExponent()) + "\"}]}";
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/certs", exchange -> {
                byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String b64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String token(String audience, String email) throws GeneralSecurityException, IOException {
        JsonWebSignature.Header header = new JsonWebSignature.Header().setAlgorithm("RS256").setKeyId("test-key")
                .setType("JWT");
        long now = System.currentTimeMillis() / 1000;
        JsonWebToken.Payload payload = new JsonWebToken.Payload()
                .setIssuer("https://accounts.google.com").setAudience(audience)
                .setIssuedAtTimeSeconds(now).setExpirationTimeSeconds(now + 600).setSubject("1234");
        payload.set("email", email);
        payload.set("email_verified", true);
        return JsonWebSignature.signUsingRsaSha256(KEYS.getPrivate(), GsonFactory.getDefaultInstance(), header,
                payload);
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
        given().body(pushBody(UUID.randomUUID().toString())).post(PushEndpoint.PATH).then().statusCode(401);
    }

    @Test
    void aGarbageTokenIsRefused() throws IOException {
        given().header("Authorization", "Bearer not.a.jwt").body(pushBody(UUID.randomUUID().toString()))
                .post(PushEndpoint.PATH).then().statusCode(401);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", "Bearer " + token("https://someone-else.run.app", PUSHER))
                .body(pushBody(id)).post(PushEndpoint.PATH).then().statusCode(401);
        assertThat(handler.handled(id)).isEmpty();
    }

    @Test
    void aTokenFromAnAccountNotAllowedToPushIsRefused() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", "Bearer " + token(AUDIENCE, "intruder@evil.iam.gserviceaccount.com"))
                .body(pushBody(id)).post(PushEndpoint.PATH).then().statusCode(401);
        assertThat(handler.handled(id)).isEmpty();
    }

    @Test
    void aValidTokenFromTheInvokerIsAcceptedAndTheEventHandled() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", "Bearer " + token(AUDIENCE, PUSHER))
                .body(pushBody(id)).post(PushEndpoint.PATH).then().statusCode(204);
        assertThat(handler.handled(id)).hasSize(1);
    }
}
