package dev.rebound.heartbeattracker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The packaged tracker as a process, as a deployment runs it, against the emulator (its own project, its push
 * subscriptions pointed at it) and a given PostgreSQL database, on a 60x scenario clock whose anchor is fixed so that
 * sim time runs on across restarts; with what the process-level tests read back.
 */
final class PackagedTracker implements AutoCloseable {
    static final double SPEED = 60;
    static final Duration DEADLINE = Duration.ofSeconds(60);

    final ScenarioClock clock;
    final PubSubTestClient pubsub;
    final PackagedService service;

    PackagedTracker(String jdbcUrl, String logName, Map<String, String> extraProperties) {
        Instant simStart = Instant.parse("2026-01-23T06:00:00Z");
        Instant anchor = Instant.now();
        this.clock = ScenarioClock.scenario(simStart, anchor, SPEED);
        String host = PubSubEmulator.shared().orElseThrow().hostPort();
        String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = PubSubEmulator.freePort();
        this.pubsub = new PubSubTestClient(host, project);
        TopicCatalog catalog = TopicCatalog.load();
        pubsub.provisionTopicsWithProbes(catalog);
        pubsub.admin().provision(catalog,
                consumer -> consumer.equals("heartbeat-tracker") ? "http://127.0.0.1:" + port : null);
        Map<String, String> properties = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "rebound.pubsub.project-id", project, "rebound.pubsub.emulator-host", host,
                "rebound.clock.mode", "scenario", "rebound.clock.start", simStart.toString(),
                "rebound.clock.anchor", anchor.toString(), "rebound.clock.speed", Double.toString(SPEED)));
        properties.putAll(extraProperties);
        this.service = PackagedService.of(port, Path.of("target", logName), properties);
    }

    List<Event<?>> published(String topic, EventType type, TestRun run) {
        return pubsub.receivedOfType(topic, type.ceType()).stream().<Event<?>>map(pubsub::decode)
                .filter(run::isAbout).toList();
    }

    List<Event<?>> stuckAlerts(TestRun run) {
        return published(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK, run);
    }

    List<Event<?>> stuckFailures(TestRun run) {
        return published(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED, run).stream()
                .filter(e -> ((ProcessorFailed) e.data()).reason() == ProcessorFailed.Reason.STUCK).toList();
    }

    JsonNode runOf(TestRun run) throws Exception {
        JsonNode runs = Json.mapper().readTree(service.get("/runs?processor=" + run.processor()).body());
        for (JsonNode r : runs) {
            if (r.path("run_id").asText().equals(run.runId())) {
                return r;
            }
        }
        return Json.mapper().createObjectNode();
    }

    String stateOf(TestRun run) throws Exception {
        return runOf(run).path("state").asText("unknown");
    }

    @Override
    public void close() {
        service.close();
        pubsub.close();
    }
}
