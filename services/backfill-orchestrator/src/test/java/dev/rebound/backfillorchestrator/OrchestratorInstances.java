package dev.rebound.backfillorchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Several packaged orchestrators, as a deployment with N instances runs them: one PostgreSQL database, one emulator
 * project, every instance pushed every message its catalog subscriptions carry (a push subscription per instance and
 * topic). That is harsher than Pub/Sub's one-instance-per-delivery: every signal reaches all instances at the same
 * moment and the shared store must make one of them act; and when one instance dies mid-message the others still
 * have it. (Pull subscriptions shared by the instances would be the competing consumers of production, but the
 * emulator goes on handing messages to the stream of a killed subscriber, each waiting out a 60 s lease.) All share a
 * 60x scenario clock whose anchor is fixed, so sim time runs on across restarts. The test plays the processors.
 */
final class OrchestratorInstances implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final double SPEED = 60;

    final ScenarioClock clock;
    final Topology topology = PipelineLoader.load(PipelineLoader.DEFAULT);
    final PubSubTestClient pubsub;
    final ProcessorPlayer player;
    private final List<PackagedService> instances = new ArrayList<>();

    OrchestratorInstances(String name, int count, Instant simStart) {
        Instant anchor = Instant.now();
        this.clock = ScenarioClock.scenario(simStart, anchor, SPEED);
        String host = PubSubEmulator.shared().orElseThrow().hostPort();
        String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
        this.pubsub = new PubSubTestClient(host, project);
        TopicCatalog catalog = TopicCatalog.load();
        pubsub.provisionTopicsWithProbes(catalog);
        this.player = new ProcessorPlayer(pubsub, clock, topology);
        Map<String, String> properties = Map.of(
                "quarkus.datasource.jdbc.url", TestPostgres.freshDatabase(name),
                "rebound.pubsub.project-id", project, "rebound.pubsub.emulator-host", host,
                "rebound.clock.mode", "scenario", "rebound.clock.start", simStart.toString(),
                "rebound.clock.anchor", anchor.toString(), "rebound.clock.speed", Double.toString(SPEED),
                // plans come from the test's signals only, and a run the test has not answered yet is not a lost
                // trigger (a sim hour is a real minute here, shorter than a loaded machine may take)
                "rebound.backfill.sweep-timer", "false", "rebound.backfill.stall-after", "P1D");
        for (int i = 0; i < count; i++) {
            int port = PubSubEmulator.freePort();
            for (TopicCatalog.Binding b : catalog.pushBindingsOf("backfill-orchestrator")) {
                pubsub.admin().createSubscription(b.subscription().name() + "--instance-" + i, b.topic().name(),
                        "http://127.0.0.1:" + port + catalog.pushPath(), b.subscription().ackDeadlineS());
            }
            instances.add(PackagedService.of(port, Path.of("target", name + "-" + i + ".log"), properties));
        }
    }

    /** Starts every instance at once and waits until all are ready. */
    OrchestratorInstances startAll() {
        instances.forEach(PackagedService::start);
        List<CompletableFuture<Void>> ready = instances.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(DEADLINE))).toList();
        ready.forEach(CompletableFuture::join);
        return this;
    }

    PackagedService instance(int i) {
        return instances.get(i);
    }

    JsonNode get(int instance, String path) throws Exception {
        HttpResponse<String> response = instance(instance).get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    /** POST /plans to one instance; returns the plan id. */
    String manualPlan(int instance, String processor, String dataDate) throws Exception {
        HttpResponse<String> created = instance(instance).post("/plans",
                "{\"processor\":\"" + processor + "\",\"data_date\":\"" + dataDate + "\"}");
        if (created.statusCode() != 201) {
            throw new AssertionError("POST /plans answered " + created.statusCode() + ": " + created.body());
        }
        return Json.mapper().readTree(created.body()).get("plan_id").asText();
    }

    /** What every instance wrote, for a failure message. */
    String output() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < instances.size(); i++) {
            out.append("---- instance ").append(i).append('\n').append(instances.get(i).output());
        }
        return out.toString();
    }

    @Override
    public void close() {
        instances.forEach(PackagedService::close);
        pubsub.close();
    }
}
