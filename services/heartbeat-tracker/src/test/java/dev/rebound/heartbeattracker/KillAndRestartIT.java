package dev.rebound.heartbeattracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 mid-run and restart on the same H2 file: every open run is still tracked, a run that went silent while
 * the service was down is reported once, a run reported before the kill is not reported again, a closed run stays
 * closed. The packaged service runs as a process against the emulator, on a 60× scenario clock.
 */
@RequiresPubSubEmulator
class KillAndRestartIT {
    private static final double SPEED = 60;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant simStart = Instant.parse("2026-01-23T06:00:00Z");
    private final Instant anchor = Instant.now();
    private final ScenarioClock clock = ScenarioClock.scenario(simStart, anchor, SPEED);
    private PubSubTestClient pubsub;
    private TrackerProcess tracker;

    @AfterEach
    void stop() throws InterruptedException {
        if (tracker != null) {
            tracker.close();
        }
        if (pubsub != null) {
            pubsub.close();
        }
    }

    private List<Event<?>> published(String topic, EventType type, TestRun run) {
        return pubsub.receivedOfType(topic, type.ceType()).stream().<Event<?>>map(pubsub::decode)
                .filter(run::isAbout).toList();
    }

    private List<Event<?>> stuckAlerts(TestRun run) {
        return published(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK, run);
    }

    private List<Event<?>> stuckFailures(TestRun run) {
        return published(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED, run).stream()
                .filter(e -> ((ProcessorFailed) e.data()).reason() == ProcessorFailed.Reason.STUCK).toList();
    }

    private JsonNode runOf(TestRun run) throws Exception {
        JsonNode runs = Json.mapper().readTree(tracker.get("/runs?processor=" + run.processor()));
        for (JsonNode r : runs) {
            if (r.path("run_id").asText().equals(run.runId())) {
                return r;
            }
        }
        return Json.mapper().createObjectNode();
    }

    private String stateOf(TestRun run) throws Exception {
        return runOf(run).path("state").asText("unknown");
    }

    @Test
    void afterKillMinus9AndRestartOpenRunsAreTrackedSilentRunsReportedOnceAndNothingTwice() throws Exception {
        String host = PubSubEmulator.shared().orElseThrow().hostPort();
        int port = PubSubEmulator.freePort();
        pubsub = new PubSubTestClient(host, project);
        TopicCatalog catalog = TopicCatalog.load();
        pubsub.provisionTopicsWithProbes(catalog);
        pubsub.admin().provision(catalog,
                consumer -> consumer.equals("heartbeat-tracker") ? "http://127.0.0.1:" + port : null);
        Path dir = Files.createTempDirectory("heartbeat-tracker-it-");
        Path log = Path.of("target", "kill-and-restart-it.log");
        tracker = new TrackerProcess(port, dir.resolve("h2").resolve("db"), host, project, simStart, anchor, SPEED,
                log).start();

        String processor = "RestartProcessor-" + UUID.randomUUID().toString().substring(0, 6);
        // alive throughout: a 1200 s interval (3600 s threshold = 60 s real) outlasts kill, restart and checks
        TestRun alive = TestRun.random(processor);
        // silent and reported before the kill: must not be reported again after the restart
        TestRun reportedBefore = TestRun.random(processor);
        // silent from just before the kill: its 180 s threshold (3 s real) runs out while the service is down
        TestRun silentWhileDown = TestRun.random(processor);
        TestRun closed = TestRun.random(processor);

        pubsub.publish(alive.started(clock.instant(), 1200));
        pubsub.publish(reportedBefore.started(clock.instant(), 10));
        pubsub.publish(closed.started(clock.instant(), 10));
        pubsub.publish(closed.completed(clock.instant().plusSeconds(5)));
        await().atMost(DEADLINE).until(() -> stuckAlerts(reportedBefore).size() == 1
                && stuckFailures(reportedBefore).size() == 1);
        pubsub.publish(silentWhileDown.started(clock.instant(), 60));
        pubsub.publish(alive.heartbeat(clock.instant()));
        await().atMost(DEADLINE).until(() -> stateOf(silentWhileDown).equals("running")
                && stateOf(closed).equals("completed") && stateOf(alive).equals("running"));

        tracker.kill();
        Instant killedAt = clock.instant();
        tracker.start();
        Event<?> afterRestart = alive.heartbeat(clock.instant());
        pubsub.publish(afterRestart);

        await().atMost(DEADLINE).until(() -> stuckAlerts(silentWhileDown).size() == 1
                && stuckFailures(silentWhileDown).size() == 1);
        Instant until = clock.instant().plus(Duration.ofSeconds(120));
        await().atMost(DEADLINE).until(() -> clock.instant().isAfter(until));

        assertThat(stuckAlerts(reportedBefore)).hasSize(1);
        assertThat(stuckFailures(reportedBefore)).hasSize(1);
        assertThat(stuckAlerts(silentWhileDown)).hasSize(1);
        assertThat(stuckFailures(silentWhileDown)).hasSize(1);
        ProcessorStuck verdict = (ProcessorStuck) stuckAlerts(silentWhileDown).get(0).data();
        assertThat(verdict.detectedAt()).isAfter(killedAt);
        assertThat(stuckAlerts(alive)).isEmpty();
        assertThat(stuckAlerts(closed)).isEmpty();
        assertThat(stateOf(alive)).isEqualTo("running");
        assertThat(runOf(alive).path("last_heartbeat_at").asText())
                .as("the open run kept being tracked").isEqualTo(afterRestart.attributes().time().toString());
        assertThat(stateOf(closed)).isEqualTo("completed");
        assertThat(stateOf(reportedBefore)).isEqualTo("stuck");
        assertThat(stateOf(silentWhileDown)).isEqualTo("stuck");
    }
}
