package dev.rebound.heartbeattracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.Event;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.push.PushEndpoint;
import dev.rebound.testing.IdTokens;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import dev.rebound.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Auth first, then bytes: the packaged service with the production token checks and the heap it gets on Cloud Run
 * takes forty 15 MiB pushes at once — half without a token, half from the push account but above the push
 * endpoint's limit — while fifty valid pushes arrive among them. Every oversized push is refused before its body is
 * read (401, 413), every valid one is handled, and the service neither runs out of memory nor loses a message.
 * Reading those bodies first, as the push endpoint once did, is 600 MiB for a 358 MiB heap.
 */
@RequiresPubSubEmulator
class OversizedPushIT {
    private static final Path REPO = Path.of("../..");
    private static final int OVERSIZED = 40;
    private static final int VALID = 50;
    private static final long OVERSIZED_BYTES = 15L * 1024 * 1024;

    private final String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private PubSubTestClient pubsub;
    private PackagedService tracker;

    @AfterEach
    void stop() {
        if (tracker != null) {
            tracker.close();
        }
        if (pubsub != null) {
            pubsub.close();
        }
    }

    /** The heap Cloud Run gives the service: its memory limit × the image's MaxRAMPercentage. */
    static String deployedHeap() throws IOException {
        Matcher memory = Pattern.compile("memory: (\\d+)Mi")
                .matcher(Files.readString(REPO.resolve("deploy/heartbeat-tracker.service.yaml")));
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)")
                .matcher(Files.readString(REPO.resolve("deploy/docker/Dockerfile.jvm")));
        assertThat(memory.find()).as("memory limit in the manifest").isTrue();
        assertThat(percent.find()).as("MaxRAMPercentage in the image").isTrue();
        return "-Xmx" + Long.parseLong(memory.group(1)) * Long.parseLong(percent.group(1)) / 100 + "m";
    }

    @Test
    void oversizedPushesAreRefusedUnreadWhileEveryValidOneIsHandled() throws Exception {
        String host = PubSubEmulator.shared().orElseThrow().hostPort();
        int port = PubSubEmulator.freePort();
        pubsub = new PubSubTestClient(host, project);
        pubsub.provisionTopicsWithProbes(TopicCatalog.load());
        Path log = Path.of("target", "oversized-push-it.log");
        Map<String, String> properties = new HashMap<>(IdTokens.authOn());
        properties.putAll(Map.of("quarkus.datasource.jdbc.url", TestPostgres.freshDatabase("oversized"),
                "rebound.pubsub.project-id", project, "rebound.pubsub.emulator-host", host));
        tracker = PackagedService.of(PackagedService.MODULE_JAR, port, log, properties,
                List.of(deployedHeap(), "-XX:+ExitOnOutOfMemoryError")).startReady(Duration.ofSeconds(90));

        String processor = "OversizedPushProcessor-" + UUID.randomUUID().toString().substring(0, 6);
        String pusher = IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.PUSHER);
        ExecutorService pool = Executors.newFixedThreadPool(OVERSIZED + VALID);
        List<Future<Integer>> oversized = new ArrayList<>();
        List<Future<Integer>> valid = new ArrayList<>();
        for (int i = 0; i < Math.max(OVERSIZED, VALID); i++) {
            if (i < OVERSIZED) {
                String authorization = i % 2 == 0 ? pusher : null;
                oversized.add(pool.submit(() -> oversizedPush(port, authorization)));
            }
            if (i < VALID) {
                byte[] body = pushBody(TestRun.random(processor).started(Instant.now(), 60));
                valid.add(pool.submit(() -> push(port, pusher, body)));
            }
        }
        List<Integer> refused = new ArrayList<>();
        for (Future<Integer> f : oversized) {
            refused.add(f.get());
        }
        List<Integer> handled = new ArrayList<>();
        for (Future<Integer> f : valid) {
            handled.add(f.get());
        }
        pool.shutdown();

        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        assertThat(tracker.alive()).as("the service is still running; see " + log).isTrue();
        assertThat(refused).filteredOn(code -> code == 413).hasSize(OVERSIZED / 2);
        assertThat(refused).filteredOn(code -> code == 401).hasSize(OVERSIZED / 2);
        assertThat(handled).as("every valid push acknowledged").containsOnly(204).hasSize(VALID);
        JsonNode runs = Json.mapper().readTree(tracker.get("/runs?limit=500&processor=" + processor,
                IdTokens.bearer(IdTokens.AUDIENCE, IdTokens.OPERATOR)).body());
        assertThat(runs).as("every valid message recorded").hasSize(VALID);
        String metrics = tracker.get("/q/metrics").body();
        assertThat(metrics).containsPattern("rebound_http_refused_total\\{[^}]*caller=\"pubsub\"[^}]*"
                + "reason=\"body_too_large\"[^}]*} " + OVERSIZED / 2 + "\\.0")
                .containsPattern("rebound_http_refused_total\\{[^}]*caller=\"pubsub\"[^}]*"
                        + "reason=\"unauthorized\"[^}]*} " + OVERSIZED / 2 + "\\.0");
    }

    private static byte[] pushBody(Event<?> event) throws IOException {
        EncodedMessage m = new EventCodec().encode(event);
        return Json.mapper().writeValueAsBytes(Map.of("subscription",
                "projects/p/subscriptions/heartbeat-tracker--processor-heartbeats", "message", Map.of(
                        "data", Base64.getEncoder().encodeToString(m.data()), "attributes", m.attributes(),
                        "messageId", UUID.randomUUID().toString(), "publishTime", Instant.now().toString())));
    }

    private static int push(int port, String authorization, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PushEndpoint.PATH))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.header("Authorization", authorization);
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException unanswered) {
            return -1;
        }
    }

    /**
     * A push of {@link #OVERSIZED_BYTES} sent as Pub/Sub sends one — headers, then the whole body — on a raw
     * socket, so the answer is read while the body is still streaming and no client buffers it.
     */
    private static int oversizedPush(int port, String authorization) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PushEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + OVERSIZED_BYTES + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread body = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'A');
                try {
                    for (long sent = 0; sent < OVERSIZED_BYTES; sent += chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, OVERSIZED_BYTES - sent));
                    }
                } catch (IOException connectionClosed) {
                    // the service answered and closed: the rest of the body is not wanted
                }
            });
            body.start();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            socket.close();
            body.join(30_000);
            // no status line: the connection closed unanswered
            return status == null ? -1 : Integer.parseInt(status.split(" ")[1]);
        }
    }
}
