package dev.rebound.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.runtime.push.PushEndpoint;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP convention every service keeps, run against the service itself with its token checks on as in
 * production: an operator endpoint without a valid operator token answers 401 problem+json, a body above its
 * endpoint's limit 413 (counted), errors are problems, and {@code /q/openapi} describes the API with the records it
 * returns, its scheduler endpoints included. A service's test names the service and one of its operator GET paths:
 * <pre>
 * &#64;RequiresPubSubEmulator &#64;QuarkusTest &#64;TestProfile(HttpEdgeContract.AuthOn.class)
 * &#64;WithTestResource(PostgresResource.class)
 * &#64;WithTestResource(value = PubSubEmulatorResource.class, initArgs = &#64;ResourceArg(name = "service", value = "x"))
 * class HttpEdgeTest extends HttpEdgeContract { HttpEdgeTest() { super("x", "/runs"); } }
 * </pre>
 */
public abstract class HttpEdgeContract {
    private static final String PROBLEM = "application/problem+json";

    private final String service;
    private final String operatorPath;

    protected HttpEdgeContract(String service, String operatorPath) {
        this.service = service;
        this.operatorPath = operatorPath;
    }

    /** Token checks on, with the test key's JWKS standing in for Google's. */
    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return IdTokens.authOn();
        }
    }

    @Test
    void anOperatorEndpointWithoutATokenAnswers401Problem() {
        given().get(operatorPath).then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401)).body("title", equalTo("Unauthorized"))
                .body("detail", equalTo("missing bearer token")).body("instance", equalTo(operatorPath));
        given().get("/status").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void aTokenForAnotherAudienceOrFromAnotherKindOfCallerIsRefused() {
        given().header("Authorization", IdTokens.bearer("https://elsewhere.run.app", IdTokens.OPERATOR))
                .get(operatorPath).then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("token rejected"));
        given().header("Authorization", IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.PUSHER))
                .get(operatorPath).then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("not an allowed operator account"));
        given().header("Authorization", "Bearer not.a.jwt").get(operatorPath).then().statusCode(401);
    }

    @Test
    void theOperatorIsLetInAndTheJsonIsSnakeCase() {
        given().header("Authorization", operator()).get(operatorPath).then().statusCode(200);
        JsonPath status = given().header("Authorization", operator()).get("/status").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertThat(status.getString("service")).isEqualTo(service);
        assertThat(status.getMap("backlog")).containsKeys("in_flight", "oldest_delivery_age_s");
        assertThat(status.getMap("outbox")).containsKeys("unsent", "oldest_age_s");
    }

    @Test
    void schedulerEndpointsRefuseCallsWithoutTheSchedulersToken() {
        List<SchedulerJobs.Job> jobs = SchedulerJobs.load().jobsOf(service);
        assertThat(jobs).as("scheduler jobs of %s", service).isNotEmpty();
        for (SchedulerJobs.Job job : jobs) {
            given().post(job.path()).then().statusCode(401).contentType(PROBLEM);
            given().header("Authorization", IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.PUSHER))
                    .post(job.path()).then().statusCode(401).contentType(PROBLEM);
        }
    }

    @Test
    void aPushAboveItsLimitIsRefusedBeforeItIsReadAndCounted() throws IOException {
        // announce 15 MB and send none of it: the answer can only come from the headers
        String response = headersOnly("POST", PushEndpoint.PATH, 15L * 1024 * 1024,
                IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.PUSHER));
        assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json")
                .contains("rebound.http.max-body.pubsub");
        assertThat(headersOnly("POST", PushEndpoint.PATH, 15L * 1024 * 1024, null)).startsWith("HTTP/1.1 401");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("rebound_http_refused_total\\{[^}]*caller=\"pubsub\"[^}]*"
                + "reason=\"body_too_large\"[^}]*} [1-9]");
    }

    /** Sends a request's headers announcing {@code length} bytes of body, and reads what comes back. */
    private static String headersOnly(String method, String path, long length, String authorization)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            InputStream in = socket.getInputStream();
            try {
                // a problem body ends with its closing brace; the connection may stay open for the unsent body
                while (!answer.toString(StandardCharsets.UTF_8).contains("}")) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer before the body was sent; got: " + answer, e);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void openApiDescribesTheApiWithTheRecordsItReturns() {
        JsonPath api = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> paths = api.getMap("paths");
        assertThat(paths).containsKeys(operatorPath, "/status", PushEndpoint.PATH);
        for (SchedulerJobs.Job job : SchedulerJobs.load().jobsOf(service)) {
            assertThat(api.getMap("paths.'" + job.path() + "'")).as("POST %s", job.path()).containsKey("post");
        }
        given().accept("application/json").get("/q/openapi?format=json").then()
                .body("components.schemas.ServiceStatus.properties", hasKey("deliveries"))
                .body("components.schemas.Backlog.properties", hasKey("oldest_delivery_age_s"));
    }

    private static String operator() {
        return IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.OPERATOR);
    }
}
