package dev.rebound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.TestPostgres;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A hung block next to the real heartbeat-tracker (the packaged service, on the wall clock): the client stops
 * heartbeating when the block shows no life, and the tracker declares the run stuck exactly once.
 */
@RequiresPubSubEmulator
class StuckDetectionIT {
    static final LocalDate D = LocalDate.parse("2026-01-22");

    @Test
    void aHungBlockFallsSilentAndHeartbeatTrackerDeclaresItStuckExactlyOnce() throws Exception {
        String host = PubSubEmulator.shared().orElseThrow().hostPort();
        String project = "stuck-" + UUID.randomUUID().toString().substring(0, 8);
        int port = PubSubEmulator.freePort();
        try (PubSubTestClient pubsub = new PubSubTestClient(host, project);
                PackagedService tracker = PackagedService.of(
                        Path.of(System.getProperty("rebound.heartbeat-tracker.app")).resolve("quarkus-run.jar"),
                        port, Path.of("target", "stuck-detection-it.log"),
                        Map.of("quarkus.datasource.jdbc.url", TestPostgres.freshDatabase("client_it"),
                                "rebound.pubsub.emulator-host", host, "rebound.pubsub.project-id", project,
                                "rebound.clock.mode", "system", "rebound.heartbeat.restart-grace", "PT0S",
                                "rebound.heartbeat.sweep-every", "PT1S"));
                ReboundClient rebound = ReboundClient.builder().emulatorHost(host).projectId(project).build()) {
            TopicCatalog catalog = TopicCatalog.load();
            pubsub.provisionTopicsWithProbes(catalog);
            pubsub.admin().provision(catalog, c -> c.equals("heartbeat-tracker") ? tracker.baseUrl() : null);
            tracker.startReady(Duration.ofSeconds(90));

            String processor = "HangingProcessor" + UUID.randomUUID().toString().substring(0, 6);
            RunReporter run = RunReporter.builder(rebound, processor, D).heartbeatInterval(Duration.ofSeconds(1))
                    .stallAfter(Duration.ofSeconds(2)).start();
            // the block now hangs: it shows no life, so heartbeats stop after two intervals; 3 silent intervals later
            // (the tracker's default) the run is stuck
            await().atMost(Duration.ofSeconds(60)).until(() -> about(pubsub, Topics.PIPELINE_ALERTS, run).size() == 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    about(pubsub, Topics.PIPELINE_ALERTS, run).size() == 1 && stuckFailures(pubsub, run).size() == 1);

            List<ProcessorHeartbeat> beats = about(pubsub, Topics.PROCESSOR_HEARTBEATS, run).stream()
                    .map(Event::data).filter(ProcessorHeartbeat.class::isInstance).map(ProcessorHeartbeat.class::cast)
                    .toList();
            assertThat(beats).hasSize(2);
            ProcessorStuck stuck = (ProcessorStuck) about(pubsub, Topics.PIPELINE_ALERTS, run).get(0).data();
            // the tracker keeps times to the microsecond, as PostgreSQL stores them
            assertThat(stuck.lastHeartbeatAt()).isEqualTo(beats.get(1).at().truncatedTo(ChronoUnit.MICROS));
            assertThat(stuck.thresholdS()).isEqualTo(3.0);
            run.complete(0);
        }
    }

    private static List<Event<?>> about(PubSubTestClient pubsub, String topic, RunReporter run) {
        return pubsub.received(topic, a -> run.processor().equals(a.get("processor"))).stream()
                .<Event<?>>map(pubsub::decode).filter(e -> run.runId().equals(runIdOf(e))).toList();
    }

    private static List<Event<?>> stuckFailures(PubSubTestClient pubsub, RunReporter run) {
        return about(pubsub, Topics.PROCESSOR_FAILURES, run).stream()
                .filter(e -> ((ProcessorFailed) e.data()).reason() == ProcessorFailed.Reason.STUCK).toList();
    }

    private static String runIdOf(Event<?> e) {
        return e.data() instanceof ProcessorStuck s ? s.runId() : e.data() instanceof ProcessorHeartbeat h ? h.runId()
                : e.data() instanceof ProcessorFailed f ? f.runId() : "";
    }
}
