package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service is killed with SIGKILL while a batch is pending (objects recorded, window not yet passed)
 * and started again on the same PostgreSQL database: the restarted process publishes that batch, once.
 */
@RequiresPubSubEmulator
class BridgeRestartIT {
    private static final LocalDate DATE = LocalDate.parse("2026-01-08");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void aBatchPendingAtAKillIsPublishedOnceByTheRestartedService() throws Exception {
        PubSubEmulator emulator = PubSubEmulator.shared().orElseThrow();
        String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = PubSubEmulator.freePort();
        // both processes share one sim clock (same start and anchor): 6x, so the 60 s window is 10 real seconds
        Map<String, String> properties = PackagedRosterWatcher.properties("bridge_restart", project, emulator,
                Map.of());
        try (PubSubTestClient pubsub = new PubSubTestClient(emulator.hostPort(), project);
                PackagedService service = PackagedService.of(port, Path.of("target", "bridge-restart-it.log"),
                        properties)) {
            PackagedRosterWatcher.provision(pubsub, port);

            service.startReady(DEADLINE);
            for (String team : List.of("BOS", "NYK", "PHI", "TOR")) {
                pubsub.publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                        GcsNotifications.rosterFinalize(DATE, team, 1767800000000001L));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> stats(service).contains("\"pending\":4"));
            assertThat(completions(pubsub)).isEmpty();
            service.kill();

            service.startReady(DEADLINE);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250)).until(() -> !completions(pubsub).isEmpty());
            assertThat(completions(pubsub)).singleElement().satisfies(c -> assertThat(c.objects()).hasSize(4));
            HttpResponse<String> check = service.post("/tasks/bridge-check", "");
            assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
            assertThat(completions(pubsub)).hasSize(1);
            assertThat(stats(service)).contains("\"pending\":0").contains("\"batches_published\":1");
        }
    }

    private static List<ScraperCompleted> completions(PubSubTestClient pubsub) {
        return pubsub.receivedOfType(Topics.SCRAPER_COMPLETIONS, EventType.SCRAPER_COMPLETED.ceType()).stream()
                .map(m -> (ScraperCompleted) pubsub.decode(m).data())
                .filter(c -> c.dataDate().equals(DATE)).toList();
    }

    private static String stats(PackagedService service) throws Exception {
        return service.get("/bridge/stats").body();
    }
}
