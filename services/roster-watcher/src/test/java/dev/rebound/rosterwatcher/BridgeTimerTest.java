package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the service's own timers on (as in production), a partial batch is published once its window has passed
 * without anyone calling /tasks: the flush does not depend on Cloud Scheduler.
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(BridgeTimerTest.TimersOn.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "roster-watcher"))
class BridgeTimerTest {

    public static class TimersOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebound.roster.timers-enabled", "true");
        }
    }

    private static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    private static List<ScraperCompleted> completions(LocalDate date) {
        return pubsub().receivedOfType(Topics.SCRAPER_COMPLETIONS, EventType.SCRAPER_COMPLETED.ceType()).stream()
                .map(m -> (ScraperCompleted) pubsub().decode(m).data())
                .filter(c -> c.dataDate().equals(date)).toList();
    }

    @Test
    void theInternalTimerPublishesAPartialBatchAfterItsWindow() {
        LocalDate date = LocalDate.parse("2026-01-05");
        for (String team : List.of("LAL", "LAC", "GSW")) {
            pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, GcsNotifications.rosterFinalize(date, team, 1768000000000001L));
        }

        // 60 s of sim time is one real second at 60x; the flush timer runs every 10 s of sim time
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !completions(date).isEmpty());

        assertThat(completions(date)).singleElement().satisfies(c -> assertThat(c.objects()).containsExactly(
                "gs://nba-scraped-data/espn/rosters/2026-01-05/team_GSW.json",
                "gs://nba-scraped-data/espn/rosters/2026-01-05/team_LAC.json",
                "gs://nba-scraped-data/espn/rosters/2026-01-05/team_LAL.json"));
    }
}
