package dev.rebound.testing;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.api.client.json.webtoken.JsonWebToken;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Google identity tokens for tests, signed by a key whose JWKS this class serves on a local port in place of
 * Google's ({@code rebound.http.auth.certificates-url}), so the services verify them exactly as in production:
 * signature, issuer, audience, account.
 */
public final class IdTokens {
    public static final String AUDIENCE = "https://rebound-service-123456.us-west2.run.app";
    public static final String PUSHER = "rb-service-push@rebound-prod.iam.gserviceaccount.com";
    public static final String SCHEDULER = "rb-scheduler@rebound-prod.iam.gserviceaccount.com";
    public static final String OPERATOR = "rb-operator@rebound-prod.iam.gserviceaccount.com";
    public static final String ISSUER = "https://accounts.google.com";

    private static final String KEY_ID = "rebound-test-key";
    private static final KeyPair KEYS = keyPair();
    private static volatile String certificatesUrl;

    private IdTokens() {
    }

    /** The configuration that switches a service's token checks on, as the prod profile and manifests do. */
    public static Map<String, String> authOn() {
        return Map.of(
                "rebound.http.auth.enabled", "true",
                "rebound.http.auth.audience", AUDIENCE,
                "rebound.http.auth.push-accounts", PUSHER,
                "rebound.http.auth.scheduler-accounts", SCHEDULER,
                "rebound.http.auth.operator-accounts", OPERATOR,
                "rebound.http.auth.certificates-url", certificatesUrl());
    }

    /** {@code Bearer <token>} for the header. */
    public static String bearer(String audience, String email) {
        return "Bearer " + token(audience, email);
    }

    public static String token(String audience, String email) {
        JsonWebSignature.Header header = new JsonWebSignature.Header().setAlgorithm("RS256").setKeyId(KEY_ID)
                .setType("JWT");
        long now = System.currentTimeMillis() / 1000;
        JsonWebToken.Payload payload = new JsonWebToken.Payload().setIssuer(ISSUER).setAudience(audience)
                .setIssuedAtTimeSeconds(now).setExpirationTimeSeconds(now + 600).setSubject("1234567890");
        payload.set("email", email);
        payload.set("email_verified", true);
        try {
            return JsonWebSignature.signUsingRsaSha256(KEYS.getPrivate(), GsonFactory.getDefaultInstance(), header,
                    payload);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    /** Where the JWKS is served; started on first use, for the life of the JVM. */
    public static synchronized String certificatesUrl() {
        if (certificatesUrl == null) {
            certificatesUrl = serveJwks();
        }
        return certificatesUrl;
    }

    private static String serveJwks() {
        RSAPublicKey pub = (RSAPublicKey) KEYS.getPublic();
        byte[] jwks = ("{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"" + KEY_ID
                + "\",\"n\":\"" + b64url(pub.getModulus()) + "\",\"e\":\"" + b64url(pub.getPublicExponent()) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/certs", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private static String b64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
