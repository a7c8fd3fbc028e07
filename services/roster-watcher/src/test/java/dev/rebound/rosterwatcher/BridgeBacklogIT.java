package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.internal.InputStale;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service starts on a backlog: yesterday's 30 roster files were notified while it was down, so Pub/Sub
 * holds their notifications and pushes them, after its retry backoff, once the service answers. The bridge check is
 * called again and again from the moment the service is ready. No check may report yesterday's files missing while
 * they are still arriving; the checks judge again once the hold is over, and then report today's files, which never
 * came, as missing (so the checks did judge).
 */
@RequiresPubSubEmulator
class BridgeBacklogIT {
    private static final LocalDate YESTERDAY = LocalDate.parse("2026-01-22");
    private static final LocalDate TODAY = LocalDate.parse("2026-01-23");
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noCheckReportsFilesMissingWhileTheirNotificationsAreStillQueued() throws Exception {
        PubSubEmulator emulator = PubSubEmulator.shared().orElseThrow();
        String project = "it-" + UUID.randomUUID().toString().substring(0, 8);
        int port = PubSubEmulator.freePort();
        // 6x from 14:00, both roster dates past their 13:00 expected_by; a start hold of one sim minute (10 s real),
        // and a notification more than 6 sim s (1 s real) late marks a backlog
        Map<String, String> properties = PackagedRosterWatcher.properties("bridge_backlog", project, emulator, Map.of(
                "rebound.roster.timers-enabled", "false",
                "rebound.roster.bridge.delivery.max-delay", "PT6S",
                "rebound.roster.bridge.delivery.backlog-hold", "PT1M"));
        try (PubSubTestClient pubsub = new PubSubTestClient(emulator.hostPort(), project);
                PackagedService service = PackagedService.of(port, Path.of("target", "bridge-backlog-it.log"),
                        properties)) {
            PackagedRosterWatcher.provision(pubsub, port);
            for (EncodedMessage notification : GcsNotifications.allTeams(YESTERDAY, 1769000000000001L)) {
                pubsub.publish(Topics.GCS_OBJECT_NOTIFICATIONS, notification);
            }

            service.startReady(DEADLINE);
            List<JsonNode> checks = new ArrayList<>();
            // a check every 200 ms from the moment the service is ready, until one judges today's missing files
            await().atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpResponse<String> check = service.post("/tasks/bridge-check", "");
                assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
                checks.add(JSON.readTree(check.body()));
                return !reported(checks, TODAY).isEmpty();
            });

            assertThat(reported(checks, TODAY)).as("today's missing files, once the hold is over")
                    .containsExactly("no objects from scraper espn_team_roster for 2026-01-23 by 2026-01-23T13:00:00Z");
            assertThat(reported(checks, YESTERDAY)).as("yesterday's files, still queued").isEmpty();
            // the first check is held: by this instance's start, or, if the backlog's first late notification was
            // handled before it (a loaded machine), by the backlog, whose hold then outlasts the start's
            assertThat(checks.get(0).path("input_verdicts_held").path("why").asText())
                    .containsAnyOf("this instance started", "a backlog is draining");
            assertThat(service.get("/bridge/stats").body()).contains("\"objects_seen\":30");
            assertThat(pubsub.receivedOfType(Topics.PIPELINE_ALERTS, EventType.INPUT_STALE.ceType()).stream()
                    .map(m -> (InputStale) pubsub.decode(m).data()).map(InputStale::dataDate))
                    .doesNotContain(YESTERDAY);
        }
    }

    private static List<String> reported(List<JsonNode> checks, LocalDate dataDate) {
        List<String> details = new ArrayList<>();
        for (JsonNode check : checks) {
            for (JsonNode stale : check.path("input_stale_published")) {
                if (stale.path("data_date").asText().equals(dataDate.toString())) {
                    details.add(stale.path("detail").asText());
                }
            }
        }
        return details;
    }
}
