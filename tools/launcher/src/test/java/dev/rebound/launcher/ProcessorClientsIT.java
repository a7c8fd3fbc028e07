package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.emulator.PubSubEmulatorProcess;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStarted;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The processor clients' example processors (clients/python/examples, clients/java/examples), which know nothing
 * of the services' code, run next to {@code ./rebound up --no-simulator} as docs/processors.md says: a hung run
 * is declared stuck, a failed one is reported, and each is repaired by the trigger the example receives on its own
 * push endpoint (the triggered run starts with the plan's backfill id and completes); every event is in the
 * event archive, counted by the orchestrator's dry-run replay. One example at a time, each on its own data date.
 * <p>
 * On the same mesh, a processor outside the JVM — a Python script using only the standard library and the emulator's
 * REST API, stamping its events with the real time as every real processor does — goes silent: the mesh declares its
 * run stuck within threshold + one sweep of its last heartbeat, exactly once, since it runs on the wall clock and
 * judges liveness on what it saw.
 */
@RequiresPubSubEmulator
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessorClientsIT {
    static final String PROCESSOR = "PlayerGameSummaryProcessor";
    /** The tracker holds verdicts for its restart grace (1 min) after it starts; then threshold, sweep, repair. */
    static final Duration REPAIRED_WITHIN = Duration.ofMinutes(4);
    /** The outside processor's heartbeat interval; the shipped pipeline's stuck_after_intervals is 3. */
    static final int OUTSIDE_INTERVAL_S = 2;
    static final Duration OUTSIDE_THRESHOLD = Duration.ofSeconds(3L * OUTSIDE_INTERVAL_S);
    /** heartbeat-tracker's rebound.heartbeat.sweep-every. */
    static final Duration SWEEP = Duration.ofSeconds(10);
    /** Push delivery and timer scheduling on a busy machine. */
    static final Duration LATENCY = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream TRANSCRIPT = new ByteArrayOutputStream();
    private static MeshLayout layout;
    private static Launcher launcher;
    private static Map<String, String> env;
    private static PubSubTestClient pubsub;

    private final List<Process> examples = new ArrayList<>();

    @BeforeAll
    static void upWithoutSimulator() {
        layout = ScenariosIT.layout();
        launcher = new Launcher(layout, new PrintStream(TRANSCRIPT, true, StandardCharsets.UTF_8));
        assertThat(launcher.run(new String[] {"up", "--no-simulator"})).as("./rebound up --no-simulator:%n%s",
                TRANSCRIPT).isZero();
        env = Mesh.readEnv(layout);
        pubsub = new PubSubTestClient(env.get("PUBSUB_EMULATOR_HOST"), MeshLayout.PROJECT_ID);
        for (String topic : List.of(Topics.PROCESSOR_HEARTBEATS, Topics.PROCESSOR_COMPLETIONS,
                Topics.PROCESSOR_FAILURES, Topics.PIPELINE_ALERTS)) {
            pubsub.admin().createSubscription(PubSubTestClient.PROBE_PREFIX + topic, topic, null, 30);
        }
    }

    @AfterAll
    static void down() throws IOException {
        if (pubsub != null) {
            pubsub.close();
        }
        if (launcher != null) {
            launcher.run(new String[] {"down"});
            Files.writeString(layout.runDir().resolve("processor-clients.out"),
                    TRANSCRIPT.toString(StandardCharsets.UTF_8));
            assertThat(new ManagedProcesses(layout.pids()).entries()).as("every process stopped").isEmpty();
        }
    }

    @AfterEach
    void stopExamples() throws InterruptedException {
        for (Process p : examples) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
    }

    /** Last: a hang is judged only once the tracker's restart grace is over, which the other two outlast. */
    @Test
    @Order(3)
    void thePythonExampleHangsIsDeclaredStuckAndItsTriggeredRunCompletes() throws Exception {
        LocalDate date = LocalDate.now().minusDays(3);
        Path repo = ScenariosIT.REPO;
        ProcessBuilder example = new ProcessBuilder("python3",
                repo.resolve("clients/python/examples/player_game_summary.py").toString(), "--first-run", "hang",
                "--date", date.toString(), "--port", Integer.toString(PubSubEmulatorProcess.freePort()),
                "--heartbeat-interval", "2");
        example.environment().put("PYTHONPATH", repo.resolve("clients/python/src").toString());
        start(example, "python-example.log");

        String triggeredRun = awaitRepairedRun(date);
        assertThat(failures(date)).as("the hung run's failure is the tracker's stuck verdict")
                .anySatisfy(f -> assertThat(f.reason()).isEqualTo(ProcessorFailed.Reason.STUCK));
        assertArchived(date, triggeredRun);
    }

    /** First: a reported failure is repaired at once, restart grace or not. */
    @Test
    @Order(1)
    void theJavaExampleFailsAndItsTriggeredRunCompletes() throws Exception {
        LocalDate date = LocalDate.now().minusDays(4);
        Path repo = ScenariosIT.REPO;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder example = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                repo.resolve("clients/java/examples/PlayerGameSummaryExample.java").toString(), "--first-run", "fail",
                "--date", date.toString(), "--port", Integer.toString(PubSubEmulatorProcess.freePort()),
                "--heartbeat-interval", "2");
        example.environment().put("NO_GCE_CHECK", "true");
        start(example, "java-example.log");

        String triggeredRun = awaitRepairedRun(date);
        assertThat(failures(date)).as("the example's own failure report")
                .anySatisfy(f -> assertThat(f.reason()).isEqualTo(ProcessorFailed.Reason.ERROR));
        assertArchived(date, triggeredRun);
    }

    @Test
    @Order(2)
    void aSilentRunOfAProcessorOutsideTheMeshIsDeclaredStuckOnceWithinThresholdPlusOneSweep() throws Exception {
        String runId = "outside-" + UUID.randomUUID().toString().substring(0, 8);
        // a tracker that has just started holds verdicts for a while (heartbeats may still be queued): the processor
        // stays alive past that, so its silence is judged like anyone's
        Instant heartbeatUntil = later(Instant.now().plus(OUTSIDE_THRESHOLD),
                verdictsHeldUntil().plusSeconds(OUTSIDE_INTERVAL_S));

        Instant lastHeartbeat = runOutsideProcessor(runId, heartbeatUntil);

        Duration deadline = OUTSIDE_THRESHOLD.plus(SWEEP).plus(LATENCY);
        await().atMost(deadline.plus(LATENCY)).pollInterval(Duration.ofMillis(250))
                .until(() -> stuckAlerts(runId).size() == 1 && stuckFailures(runId).size() == 1);
        ProcessorStuck alert = (ProcessorStuck) stuckAlerts(runId).get(0).data();
        assertThat(Duration.between(lastHeartbeat, alert.detectedAt())).as("from the last heartbeat to the verdict")
                .isGreaterThan(OUTSIDE_THRESHOLD).isLessThanOrEqualTo(deadline);
        assertThat(Duration.between(alert.lastHeartbeatAt(), lastHeartbeat).abs())
                .as("the last sign of life the mesh saw is the processor's last heartbeat")
                .isLessThan(Duration.ofSeconds(1));

        // exactly once: nothing more after two further sweeps
        Instant until = Instant.now().plus(SWEEP.multipliedBy(2));
        await().atMost(SWEEP.multipliedBy(3)).until(() -> Instant.now().isAfter(until));
        assertThat(stuckAlerts(runId)).hasSize(1);
        assertThat(stuckFailures(runId)).hasSize(1);
    }

    /** Runs the outside processor's script to its end; returns the time its last heartbeat carried. */
    private static Instant runOutsideProcessor(String runId, Instant heartbeatUntil) throws Exception {
        Path script = Path.of(ProcessorClientsIT.class.getResource("/outside-processor.py").toURI());
        Process processor;
        try {
            processor = new ProcessBuilder("python3", script.toString(), env.get("PUBSUB_EMULATOR_HOST"),
                    MeshLayout.PROJECT_ID, PROCESSOR, runId, LocalDate.now().minusDays(1).toString(),
                    Integer.toString(OUTSIDE_INTERVAL_S), Long.toString(heartbeatUntil.getEpochSecond() + 1))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalStateException("python3 plays the outside processor and is missing (README, "
                    + "prerequisites; .ci/run installs it): " + e.getMessage(), e);
        }
        String out = new String(processor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(processor.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(processor.exitValue()).as("the outside processor (python3):%n%s", out).isZero();
        List<JsonNode> published = out.lines().map(ProcessorClientsIT::json).toList();
        assertThat(published).extracting(e -> e.get("type").asText())
                .startsWith(EventType.PROCESSOR_STARTED.ceType()).contains(EventType.PROCESSOR_HEARTBEAT.ceType());
        return Instant.parse(published.get(published.size() - 1).get("at").asText());
    }

    /** Until when heartbeat-tracker holds verdicts after its start (its sweep report says), or now. */
    private static Instant verdictsHeldUntil() throws Exception {
        HttpResponse<String> report = HTTP.send(HttpRequest.newBuilder(URI.create(
                        env.get("HEARTBEAT_TRACKER_URL") + "/tasks/sweep"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).isEqualTo(200);
        JsonNode holding = json(report.body()).get("holding_verdicts_until");
        return holding == null || holding.isNull() ? Instant.now() : Instant.parse(holding.asText());
    }

    private static List<Event<?>> stuckAlerts(String runId) {
        return pubsub.receivedOfType(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK.ceType()).stream()
                .<Event<?>>map(pubsub::decode).filter(e -> ((ProcessorStuck) e.data()).runId().equals(runId)).toList();
    }

    private static List<Event<?>> stuckFailures(String runId) {
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

    private void start(ProcessBuilder example, String log) throws IOException {
        example.environment().put("PUBSUB_EMULATOR_HOST", env.get("PUBSUB_EMULATOR_HOST"));
        example.environment().put("PUBSUB_PROJECT_ID", MeshLayout.PROJECT_ID);
        Path out = layout.logs().resolve(log);
        examples.add(example.redirectErrorStream(true).redirectOutput(out.toFile()).start());
    }

    /**
     * Waits for a run of the processor for the date that a repair triggered (its started event carries the plan's
     * backfill id) and that completed; returns its run id.
     */
    private String awaitRepairedRun(LocalDate date) {
        return await().atMost(REPAIRED_WITHIN).pollInterval(Duration.ofSeconds(1)).until(() -> {
            List<String> completed = events(Topics.PROCESSOR_COMPLETIONS).stream()
                    .filter(e -> e.data() instanceof ProcessorCompleted c && c.dataDate().equals(date))
                    .map(e -> ((ProcessorCompleted) e.data()).runId()).toList();
            return events(Topics.PROCESSOR_HEARTBEATS).stream()
                    .filter(e -> e.data() instanceof ProcessorStarted s && s.dataDate().equals(date)
                            && s.backfillId() != null && completed.contains(s.runId()))
                    .map(e -> ((ProcessorStarted) e.data()).runId()).findFirst();
        }, Optional::isPresent).orElseThrow();
    }

    private List<ProcessorFailed> failures(LocalDate date) {
        return pubsub.receivedOfType(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED.ceType()).stream()
                .<Event<?>>map(pubsub::decode).map(e -> (ProcessorFailed) e.data())
                .filter(f -> f.processor().equals(PROCESSOR) && f.dataDate().equals(date)).toList();
    }

    private static List<Event<?>> events(String topic) {
        return pubsub.received(topic, a -> PROCESSOR.equals(a.get("processor"))).stream()
                .<Event<?>>map(pubsub::decode).toList();
    }

    /** The orchestrator's dry-run replay of the date counts the run's events in the archive, the repair's too. */
    private static void assertArchived(LocalDate date, String triggeredRun) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode result = post(env.get("BACKFILL_ORCHESTRATOR_URL") + "/replay/republish",
                            Map.of("from", "2000-01-01T00:00:00Z", "to", "2100-01-01T00:00:00Z",
                                    "types", List.of(EventType.PROCESSOR_STARTED.ceType(),
                                            EventType.PROCESSOR_COMPLETED.ceType(),
                                            EventType.PROCESSOR_FAILED.ceType(),
                                            EventType.PROCESSOR_TRIGGER.ceType()),
                                    "processor", PROCESSOR, "data_date", date.toString(), "dry_run", true));
                    JsonNode byType = result.get("by_type");
                    assertThat(byType.path(EventType.PROCESSOR_STARTED.ceType()).asInt())
                            .as("the first run and %s", triggeredRun).isGreaterThanOrEqualTo(2);
                    assertThat(byType.path(EventType.PROCESSOR_FAILED.ceType()).asInt()).isGreaterThanOrEqualTo(1);
                    assertThat(byType.path(EventType.PROCESSOR_TRIGGER.ceType()).asInt()).isGreaterThanOrEqualTo(1);
                    assertThat(byType.path(EventType.PROCESSOR_COMPLETED.ceType()).asInt()).isGreaterThanOrEqualTo(1);
                });
    }

    private static JsonNode post(String url, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
