package dev.rebound.rosterwatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.internal.RosterRecovered;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.runtime.push.PushStats;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roster freshness through the real emulator, as of the test clock's date 2026-01-23: the seed's incident (16 of
 * 30 teams last scraped on the 14th, 9 days old) must raise exactly one alert naming those 16, a refresh must
 * raise the recovery, and the check must run after each roster processor completion.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "roster-watcher"))
class RosterFreshnessMonitorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.parse("2026-01-23");
    private static final LocalDate NINE_DAYS_AGO = LocalDate.parse("2026-01-14");
    private static final LocalDate YESTERDAY = LocalDate.parse("2026-01-22");
    /** The seed names POR, SAC, DEN, TOR "and 12 other teams". */
    private static final List<String> STALE_TEAMS = List.of("POR", "SAC", "DEN", "TOR", "ATL", "BKN", "CHA", "CHI",
            "DAL", "DET", "GSW", "HOU", "IND", "MEM", "MIA", "NOP");

    @Inject
    StateStore store;
    @Inject
    PushStats pushStats;

    private int staleBefore;
    private int recoveredBefore;

    private static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    @BeforeEach
    void noRostersAndNoVerdictYet() {
        RosterRows.noRostersAndNoVerdictYet(store, DEADLINE);
        staleBefore = staleAlerts().size();
        recoveredBefore = recoveries().size();
    }

    private static List<Event<?>> staleEvents() {
        return pubsub().receivedOfType(Topics.PIPELINE_ALERTS, EventType.ROSTER_STALE.ceType()).stream()
                .<Event<?>>map(m -> pubsub().decode(m)).toList();
    }

    private static List<RosterStale> staleAlerts() {
        return staleEvents().stream().map(e -> (RosterStale) e.data()).toList();
    }

    private static List<RosterRecovered> recoveries() {
        return pubsub().receivedOfType(Topics.PIPELINE_ALERTS, EventType.ROSTER_RECOVERED.ceType()).stream()
                .map(m -> (RosterRecovered) pubsub().decode(m).data()).toList();
    }

    private List<RosterStale> newStaleAlerts() {
        List<RosterStale> all = staleAlerts();
        return all.subList(staleBefore, all.size());
    }

    private void seedRosters(List<String> teams, LocalDate date) {
        RosterRows.seed(store, teams, date);
    }

    private static List<String> freshTeams() {
        return GcsNotifications.TEAMS.stream().filter(t -> !STALE_TEAMS.contains(t)).toList();
    }

    private static void freshnessCheck() {
        given().when().post("/tasks/freshness-check").then().statusCode(200);
    }

    @Test
    void sixteenTeamsNineDaysOldRaiseOneAlertNamingExactlyThemThenARefreshRecovers() {
        seedRosters(STALE_TEAMS, NINE_DAYS_AGO);
        seedRosters(freshTeams(), YESTERDAY);

        freshnessCheck();
        freshnessCheck();
        freshnessCheck();

        await().atMost(DEADLINE).until(() -> newStaleAlerts().size() >= 1);
        assertThat(newStaleAlerts()).hasSize(1);
        RosterStale alert = newStaleAlerts().get(0);
        assertThat(alert.stale()).extracting(RosterStale.StaleTeam::teamAbbr)
                .containsExactlyInAnyOrderElementsOf(STALE_TEAMS);
        assertThat(alert.stale()).allSatisfy(t -> {
            assertThat(t.ageDays()).isEqualTo(9);
            assertThat(t.latestRosterDate()).isEqualTo(NINE_DAYS_AGO);
        });
        assertThat(alert.missing()).isEmpty();
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.check()).isEqualTo("espn-team-rosters");
        assertThat(alert.maxAgeDays()).isEqualTo(3);
        assertThat(alert.teamsExpected()).isEqualTo(30);
        Event<?> event = staleEvents().get(staleEvents().size() - 1);
        assertThat(event.attributes().correlationId()).isEqualTo("stale:espn-team-rosters:2026-01-23");
        assertThat(event.attributes().source()).isEqualTo("//rebound/roster-watcher");

        // the rosters processor runs for today: every team fresh
        seedRosters(STALE_TEAMS, TODAY);
        freshnessCheck();
        freshnessCheck();

        await().atMost(DEADLINE).until(() -> recoveries().size() > recoveredBefore);
        RosterRecovered recovered = recoveries().get(recoveries().size() - 1);
        assertThat(recovered.teamsFresh()).isEqualTo(30);
        assertThat(recovered.teamsExpected()).isEqualTo(30);
        assertThat(recovered.check()).isEqualTo("espn-team-rosters");
        freshnessCheck();
        assertThat(recoveries()).hasSize(recoveredBefore + 1);
        assertThat(newStaleAlerts()).hasSize(1);
        given().when().get("/rosters/coverage").then().statusCode(200)
                .body("fresh", equalTo(30)).body("stale", equalTo(0)).body("missing", equalTo(0));
    }

    @Test
    void aTeamWithNoRosterAtAllIsReportedMissing() {
        List<String> allButSac = GcsNotifications.TEAMS.stream().filter(t -> !t.equals("SAC")).toList();
        seedRosters(allButSac, YESTERDAY);

        freshnessCheck();

        await().atMost(DEADLINE).until(() -> newStaleAlerts().size() >= 1);
        RosterStale alert = newStaleAlerts().get(0);
        assertThat(alert.missing()).containsExactly("SAC");
        assertThat(alert.stale()).isEmpty();
        given().when().get("/rosters/coverage").then().statusCode(200)
                .body("as_of", equalTo("2026-01-23"))
                .body("missing", equalTo(1)).body("fresh", equalTo(29))
                .body("teams[0].team_abbr", equalTo("SAC")).body("teams[0].status", equalTo("missing"))
                .body("teams.status", hasItems("fresh", "missing"));
    }

    @Test
    void theCoverageReportGivesEachTeamsLatestDateAgeAndStatus() {
        seedRosters(STALE_TEAMS, NINE_DAYS_AGO);
        seedRosters(freshTeams(), YESTERDAY);

        given().when().get("/rosters/coverage").then().statusCode(200)
                .body("teams_expected", equalTo(30)).body("stale", equalTo(16)).body("fresh", equalTo(14))
                .body("max_age_days", equalTo(3))
                .body("teams.find { it.team_abbr == 'POR' }.latest_roster_date", equalTo("2026-01-14"))
                .body("teams.find { it.team_abbr == 'POR' }.age_days", equalTo(9))
                .body("teams.find { it.team_abbr == 'POR' }.status", equalTo("stale"))
                .body("teams.find { it.team_abbr == 'BOS' }.age_days", equalTo(1))
                .body("teams.find { it.team_abbr == 'BOS' }.status", equalTo("fresh"));
        // a report, not a check: nothing published
        assertThat(newStaleAlerts()).isEmpty();
    }

    @Test
    void aRosterProcessorCompletionTriggersTheCheckAndOtherProcessorsDoNot() {
        seedRosters(STALE_TEAMS, NINE_DAYS_AGO);
        seedRosters(freshTeams(), YESTERDAY);

        long processed = pushStats.get(PushStats.Outcome.processed);
        pubsub().publish(completion("PlayerGameSummaryProcessor"));
        await().atMost(DEADLINE).until(() -> pushStats.get(PushStats.Outcome.processed) > processed);
        assertThat(newStaleAlerts()).isEmpty();

        pubsub().publish(completion("EspnTeamRosterProcessor"));

        await().atMost(DEADLINE).until(() -> newStaleAlerts().size() >= 1);
        assertThat(newStaleAlerts().get(0).stale()).hasSize(16);
    }

    private static Event<ProcessorCompleted> completion(String processor) {
        return Event.of("//pipeline/" + processor, Instant.parse("2026-01-23T14:05:00Z"),
                new ProcessorCompleted(processor, UUID.randomUUID().toString(), TODAY,
                        Instant.parse("2026-01-23T14:05:00Z"), 450L), null);
    }
}
