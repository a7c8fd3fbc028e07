package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.events.Event;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 mid-plan: the packaged service is killed while a step's run is in flight, restarted on the same
 * warehouse, and finishes the plan without triggering that step again.
 */
@RequiresPubSubEmulator
class RestartResumeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aPlanMidFlightResumesAfterKillMinusNineWithoutRetriggeringTheRunningStep() throws Exception {
        PubSubEmulator emulator = PubSubEmulator.shared().orElseThrow();
        String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = PubSubEmulator.freePort();
        Instant simStart = Instant.parse("2026-03-01T06:00:00Z");
        Instant anchor = Clock.systemUTC().instant();
        ScenarioClock clock = ScenarioClock.scenario(simStart, anchor, 60);
        Topology topology = PipelineLoader.load(PipelineLoader.DEFAULT);
        LocalDate date = LocalDate.of(2026, 3, 1);

        try (PubSubTestClient client = new PubSubTestClient(emulator.hostPort(), project)) {
            TopicCatalog catalog = TopicCatalog.load();
            client.provisionTopicsWithProbes(catalog);
            client.admin().provision(catalog,
                    consumer -> consumer.equals("backfill-orchestrator") ? "http://127.0.0.1:" + port : null);
            ProcessorPlayer player = new ProcessorPlayer(client, clock, topology);
            List<String> props = List.of("-Drebound.h2.path=" + dir.resolve("h2/db"),
                    "-Drebound.pubsub.project-id=" + project, "-Drebound.pubsub.emulator-host=" + emulator.hostPort(),
                    "-Drebound.clock.mode=scenario", "-Drebound.clock.start=" + simStart,
                    "-Drebound.clock.anchor=" + anchor, "-Drebound.clock.speed=60",
                    "-Drebound.backfill.tick-every=PT5S");
            Path log = dir.resolve("service.log");

            ServiceProcess first = new ServiceProcess(port, log, props).start();
            String planId;
            RunKey cache = new RunKey("PlayerDailyCacheProcessor", date);
            try {
                await().atMost(DEADLINE).until(first::ready);
                player.complete(new RunKey("PlayerGameSummaryProcessor", date.minusDays(1)), null);
                player.completeWithCoverage(new RunKey("UpcomingPlayerGameContextProcessor", date), null);
                HttpResponse<String> created = await().atMost(DEADLINE).until(() -> first.post("/plans",
                        "{\"processor\":\"PlayerDailyCacheProcessor\",\"data_date\":\"" + date + "\"}"),
                        r -> r.statusCode() == 201);
                planId = Json.mapper().readTree(created.body()).get("plan_id").asText();
                await().atMost(DEADLINE).until(() -> player.triggersFor(cache).size() == 1);
                first.killHard();
            } catch (RuntimeException | AssertionError e) {
                first.close();
                throw new AssertionError("service output:\n" + first.output(), e);
            }

            try (ServiceProcess second = new ServiceProcess(port, log, props).start()) {
                await().atMost(DEADLINE).until(second::ready);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                        .until(() -> player.triggersFor(cache).size() == 1);
                HttpResponse<String> view = second.get("/plans/" + planId);
                assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
                var step = Json.mapper().readTree(view.body()).get("steps").get(0);
                assertThat(step.get("state").asText()).isEqualTo("triggered");
                assertThat(step.get("attempts").asInt()).isEqualTo(1);

                Set<String> answered = new HashSet<>();
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (Event<ProcessorTrigger> t : player.triggers(planId)) {
                        if (answered.add(t.id())) {
                            player.completeWithCoverage(new RunKey(t.data().processor(), t.data().dataDate()),
                                    t.attributes().correlationId());
                        }
                    }
                    return "completed".equals(Json.mapper().readTree(second.get("/plans/" + planId).body())
                            .get("status").asText());
                });
                assertThat(player.triggers(planId)).extracting(t -> t.data().processor()).containsExactly(
                        "PlayerDailyCacheProcessor", "PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor",
                        "PredictionCoordinator");
                assertThat(player.triggers(planId)).allSatisfy(t -> assertThat(t.data().attempt()).isEqualTo(1));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("service output:\n" + first.output(), e);
            }
        }
    }
}
