package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A processor outside the JVM — a Python script using only the standard library and the emulator's REST API,
 * stamping its events with the real time as every real processor does — runs next to {@code ./rebound up
 * --no-simulator} and goes silent. The mesh declares its run stuck within threshold + one sweep of its last
 * heartbeat, exactly once: the mesh runs on the wall clock, and liveness is judged on what it saw.
 */
@RequiresPubSubEmulator
class OutsideProcessorIT {
    static final String PROCESSOR = "PlayerGameSummaryProcessor";
    static final int INTERVAL_S = 2;
    /** The shipped pipeline's stuck_after_intervals (3) × the processor's interval. */
    static final Duration THRESHOLD = Duration.ofSeconds(3L * INTERVAL_S);
    /** heartbeat-tracker's rebound.heartbeat.sweep-every. */
    static final Duration SWEEP = Duration.ofSeconds(10);
    /** Push delivery and timer scheduling on a busy machine. */
    static final Duration LATENCY = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSilentRunOfAProcessorOutsideTheMeshIsDeclaredStuckOnceWithinThresholdPlusOneSweep() throws Exception {
        MeshLayout layout = ScenariosIT.layout();
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        Launcher launcher = new Launcher(layout, new PrintStream(transcript, true, StandardCharsets.UTF_8));
        try {
            assertThat(launcher.run(new String[] {"up", "--no-simulator"})).as("./rebound up --no-simulator:%n%s",
                    transcript).isZero();
            String emulator = Mesh.readEnv(layout).get("PUBSUB_EMULATOR_HOST");
            try (PubSubTestClient pubsub = new PubSubTestClient(emulator, MeshLayout.PROJECT_ID)) {
                for (String topic : List.of(Topics.PIPELINE_ALERTS, Topics.PROCESSOR_FAILURES)) {
                    pubsub.admin().createSubscription(PubSubTestClient.PROBE_PREFIX + topic, topic, null, 30);
                }
                String runId = "outside-" + UUID.randomUUID().toString().substring(0, 8);
                // a tracker that has just started holds verdicts for a while (heartbeats may still be queued):
                // the processor stays alive past that, so its silence is judged like anyone's
                Instant heartbeatUntil = later(Instant.now().plus(THRESHOLD),
                        verdictsHeldUntil().plusSeconds(INTERVAL_S));

                Instant lastHeartbeat = runOutsideProcessor(emulator, runId, heartbeatUntil);

                Duration deadline = THRESHOLD.plus(SWEEP).plus(LATENCY);
                await().atMost(deadline.plus(LATENCY)).pollInterval(Duration.ofMillis(250))
                        .until(() -> stuckAlerts(pubsub, runId).size() == 1
                                && stuckFailures(pubsub, runId).size() == 1);
                ProcessorStuck alert = (ProcessorStuck) stuckAlerts(pubsub, runId).get(0).data();
                assertThat(Duration.between(lastHeartbeat, alert.detectedAt()))
                        .as("from the last heartbeat to the verdict").isGreaterThan(THRESHOLD)
                        .isLessThanOrEqualTo(deadline);
                assertThat(Duration.between(alert.lastHeartbeatAt(), lastHeartbeat).abs())
                        .as("the last sign of life the mesh saw is the processor's last heartbeat")
                        .isLessThan(Duration.ofSeconds(1));

                // exactly once: nothing more after two further sweeps
                Instant until = Instant.now().plus(SWEEP.multipliedBy(2));
                await().atMost(SWEEP.multipliedBy(3)).until(() -> Instant.now().isAfter(until));
                assertThat(stuckAlerts(pubsub, runId)).hasSize(1);
                assertThat(stuckFailures(pubsub, runId)).hasSize(1);
            }
        } finally {
            launcher.run(new String[] {"down"});
            Files.writeString(layout.runDir().resolve("outside-processor.out"),
                    transcript.toString(StandardCharsets.UTF_8));
        }
        assertThat(new ManagedProcesses(layout.pids()).entries()).as("every process stopped").isEmpty();
    }

    /** Runs the script to its end; returns the time its last heartbeat carried. */
    private static Instant runOutsideProcessor(String emulator, String runId, Instant heartbeatUntil) throws Exception {
        Path script = Path.of(OutsideProcessorIT.class.getResource("/outside-processor.py").toURI());
        Process processor;
        try {
            processor = new ProcessBuilder("python3", script.toString(), emulator, MeshLayout.PROJECT_ID, PROCESSOR,
                    runId, LocalDate.now().minusDays(1).toString(), Integer.toString(INTERVAL_S),
                    Long.toString(heartbeatUntil.getEpochSecond() + 1))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("python3 plays the outside processor and is missing (README, "
                    + "prerequisites; .ci/run installs it): " + e.getMessage(), e);
        }
        String out = new String(processor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(processor.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(processor.exitValue()).as("the outside processor (python3):%n%s", out).isZero();
        List<JsonNode> published = out.lines().map(OutsideProcessorIT::json).toList();
        assertThat(published).extracting(e -> e.get("type").asText())
                .startsWith(EventType.PROCESSOR_STARTED.ceType()).contains(EventType.PROCESSOR_HEARTBEAT.ceType());
        return Instant.parse(published.get(published.size() - 1).get("at").asText());
    }

    /** Until when heartbeat-tracker holds verdicts after its start (its sweep report says), or now. */
    private Instant verdictsHeldUntil() throws Exception {
        HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(
                        MeshLayout.HEARTBEAT_TRACKER.baseUrl() + "/tasks/sweep"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode holding = json(report.body()).get("holding_verdicts_until");
        return holding == null || holding.isNull() ? Instant.now() : Instant.parse(holding.asText());
    }

    private static List<Event<?>> stuckAlerts(PubSubTestClient pubsub, String runId) {
        return pubsub.receivedOfType(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK.ceType()).stream()
                .<Event<?>>map(pubsub::decode).filter(e -> ((ProcessorStuck) e.data()).runId().equals(runId)).toList();
    }

    private static List<Event<?>> stuckFailures(PubSubTestClient pubsub, String runId) {
        return pubsub.receivedOfType(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED.ceType()).stream()
                .<Event<?>>map(pubsub::decode).filter(e -> e.data() instanceof ProcessorFailed f
                        && f.runId().equals(runId) && f.reason() == ProcessorFailed.Reason.STUCK).toList();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
