package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is killed with SIGKILL while a batch is pending (objects recorded, window not yet passed)
 * and started again on the same database: the restarted process publishes that batch, once.
 */
@RequiresPubSubEmulator
class BridgeRestartIT {
    private static final LocalDate DATE = LocalDate.parse("2026-01-08");

    @Test
    void aBatchPendingAtAKillIsPublishedOnceByTheRestartedService() throws Exception {
        PubSubEmulator emulator = PubSubEmulator.shared().orElseThrow();
        String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = ServiceProcess.freePort();
        Path dir = ServiceProcess.tempDir("roster-watcher-it").toPath();
        // both processes share one sim clock (same start and anchor): 6x, so the 60 s window is 10 real seconds
        Map<String, String> clock = Map.of("rebound.clock.mode", "scenario",
                "rebound.clock.start", "2026-01-23T14:00:00Z", "rebound.clock.anchor", Instant.now().toString(),
                "rebound.clock.speed", "6");
        try (PubSubTestClient pubsub = new PubSubTestClient(emulator.hostPort(), project)) {
            TopicCatalog catalog = TopicCatalog.load();
            pubsub.provisionTopicsWithProbes(catalog);
            pubsub.admin().provision(catalog, consumer -> consumer.equals("roster-watcher")
                    ? "http://127.0.0.1:" + port : null);

            ServiceProcess first = ServiceProcess.start(port, dir, emulator.hostPort(), project, clock,
                    dir.resolve("first.log"));
            try {
                for (String team : List.of("BOS", "NYK", "PHI", "TOR")) {
                    pubsub.publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                            GcsNotifications.rosterFinalize(DATE, team, 1767800000000001L));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> stats(first).contains("\"pending\":4"));
                assertThat(completions(pubsub)).isEmpty();
            } finally {
                first.kill();
            }

            try (ServiceProcess second = ServiceProcess.start(port, dir, emulator.hostPort(), project, clock,
                    dir.resolve("second.log"))) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> !completions(pubsub).isEmpty());
                assertThat(completions(pubsub)).singleElement()
                        .satisfies(c -> assertThat(c.objects()).hasSize(4));
                post(second, "/tasks/bridge-check");
                assertThat(completions(pubsub)).hasSize(1);
                assertThat(stats(second)).contains("\"pending\":0").contains("\"batches_published\":1");
            }
        } finally {
            ServiceProcess.deleteRecursively(dir);
        }
    }

    private static List<ScraperCompleted> completions(PubSubTestClient pubsub) {
        return pubsub.receivedOfType(Topics.SCRAPER_COMPLETIONS, EventType.SCRAPER_COMPLETED.ceType()).stream()
                .map(m -> (ScraperCompleted) pubsub.decode(m).data())
                .filter(c -> c.dataDate().equals(DATE)).toList();
    }

    private static String stats(ServiceProcess service) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/bridge/stats"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void post(ServiceProcess service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(service.baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
