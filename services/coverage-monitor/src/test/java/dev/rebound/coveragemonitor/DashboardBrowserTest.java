package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.PlanStep;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard as the on-call person sees it, in Debian's headless Chromium against the running service: the
 * TOR_POR predictions cell red with 0, the open alert with its root causes, and the update once predictions
 * arrive, without reloading; each game's deadline forecast (landed, once the last phase completed), also as
 * {@code GET /forecast}. Screenshots go to target/dashboard*.png.
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(GameDayClockProfile.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service",
        value = "coverage-monitor"))
class DashboardBrowserTest {
    private static final LocalDate DAY = LocalDate.parse("2026-02-10");
    private static final String TOR_POR = "20260210_TOR_POR";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The service's state store; the pipeline's stand-in tables are in the same database. */
    @Inject
    StateStore store;

    @TestHTTPResource("/")
    URL dashboard;

    private HeadlessChromium chromium;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(null);
        browser = chromium.browser;
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static <T extends EventPayload> void send(T payload, String correlationId) {
        PubSubEmulatorResource.client().publish(Event.of("//tests/dashboard", Instant.parse(GameDayClockProfile.START),
                payload, correlationId));
    }

    private static ProcessorCompleted completion(String processor, String runId) {
        return new ProcessorCompleted(processor, runId, DAY, Instant.parse("2026-02-10T19:30:00Z"), 200);
    }

    private WebElement predictionsCell(String gameId) {
        return browser.findElement(By.cssSelector("tr[data-game='" + gameId + "'] td[data-phase='predictions']"));
    }

    private void seedGameDay() {
        Slate slate = new Slate(store);
        Map<String, LocalDate> rosterDates = new HashMap<>();
        Slate.TOPOLOGY.config().rosters().teams()
                .forEach(t -> rosterDates.put(t, t.equals("POR") ? LocalDate.parse("2026-02-01") : DAY.minusDays(1)));
        slate.rosters(rosterDates);
        slate.games(DAY, List.of(
                new Slate.Game("BOS", "NYK", Instant.parse("2026-02-11T00:00:00Z"), 14),
                new Slate.Game("MIA", "ORL", Instant.parse("2026-02-11T00:30:00Z"), 12),
                new Slate.Game("LAL", "GSW", Instant.parse("2026-02-11T03:00:00Z"), 16),
                new Slate.Game("TOR", "POR", Instant.parse("2026-02-11T03:00:00Z"), 0)), Set.of("POR"));
        send(new ProcessorStuck("PlayerGameSummaryProcessor", "run-pgs-0209", DAY.minusDays(1),
                Instant.parse("2026-02-10T08:00:00Z"), 240, 180, Instant.parse("2026-02-10T08:04:00Z")), "chain-0209");
        send(new RosterStale(Instant.parse("2026-02-10T19:00:00Z"), 3, 30,
                List.of(new RosterStale.StaleTeam("POR", LocalDate.parse("2026-02-01"), 9)), List.of(),
                Severity.CRITICAL, "espn-team-rosters"), null);
        send(new BackfillPlanCreated("plan-0209", Instant.parse("2026-02-10T19:00:00Z"),
                "PlayerGameSummaryProcessor", DAY.minusDays(1), "stuck", List.of(), List.of(
                        new PlanStep("s1", "PlayerGameSummaryProcessor", DAY.minusDays(1), List.of(), null),
                        new PlanStep("s2", "PlayerDailyCacheProcessor", DAY, List.of("s1"), null)),
                Instant.parse("2026-02-11T00:00:00Z")), "chain-0209");
        send(new BackfillStepTriggered("plan-0209", "s1", "PlayerGameSummaryProcessor", DAY.minusDays(1), 1,
                Instant.parse("2026-02-10T19:01:00Z"), false, List.of(), null), "chain-0209");
        await().atMost(WAIT).until(() -> !store.query(Sql.of("SELECT * FROM coverage_runs"
                + " WHERE run_id = 'run-pgs-0209'")).isEmpty() && !store.query(Sql.of(
                "SELECT * FROM coverage_roster_teams WHERE team = 'POR'")).isEmpty());
        for (String p : List.of("UpcomingPlayerGameContextProcessor", "PlayerCompositeFactorsProcessor",
                "MLFeatureStoreProcessor", "PredictionCoordinator")) {
            send(completion(p, "run-" + p + "-0210"), null);
        }
    }

    @Test
    void theOnCallSeesTheEmptyGameInRedWithItsCauseAndTheFixArriveLive() throws IOException {
        seedGameDay();
        browser.get(dashboard.toString());

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            WebElement cell = predictionsCell(TOR_POR);
            assertThat(cell.getAttribute("class")).contains("bad");
            assertThat(cell.getText()).startsWith("0");
            assertThat(chromium.text(By.cssSelector(".alert[data-game='" + TOR_POR + "']")))
                    .contains("TOR @ POR", "predictions", "POR roster 9 days old",
                            "PlayerGameSummaryProcessor 2026-02-09 stuck");
            // the page re-renders on every poll, so the whole board is read within one retried look
            assertThat(predictionsCell("20260210_BOS_NYK").getAttribute("class")).contains("ok");
            assertThat(predictionsCell("20260210_BOS_NYK").getText()).startsWith("14");
            assertThat(chromium.text(By.cssSelector("tr[data-game='" + TOR_POR + "']"))).contains("TOR @ POR");
            assertThat(chromium.text(By.id("stuck"))).contains("PlayerGameSummaryProcessor");
            assertThat(chromium.text(By.cssSelector(".team[data-team='POR']"))).contains("9 d old");
            assertThat(browser.findElement(By.cssSelector(".team[data-team='POR']")).getAttribute("class"))
                    .contains("stale");
            assertThat(chromium.text(By.cssSelector(".plan[data-plan='plan-0209']"))).contains("PlayerGameSummaryProcessor")
                    .containsIgnoringCase("running");
            assertThat(chromium.text(By.id("tiles"))).containsIgnoringCase("Open alerts\n1");
            // the deadline forecast: every coverage phase has completed, so the date landed at the last completion
            assertThat(chromium.text(By.cssSelector("tr[data-game='20260210_BOS_NYK'] td.landing")))
                    .contains("landed 19:30");
        });
        given().when().get("/forecast?date=" + DAY).then().statusCode(200)
                .body("[0].landed_at", equalTo("2026-02-10T19:30:00Z"))
                .body("[0].games.game_id", hasItem(TOR_POR))
                .body("[0].games.find { it.game_id == '" + TOR_POR + "' }.deadline", equalTo("2026-02-11T02:30:00Z"));
        chromium.screenshot("dashboard.png");

        int updatesBefore = Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-updates"));
        new Slate(store).predictions(DAY, TOR_POR, Slate.players("TOR").subList(0, 9));
        send(completion("PredictionCoordinator", "run-pc-0210-backfill"), null);

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            WebElement cell = predictionsCell(TOR_POR);
            assertThat(cell.getAttribute("class")).contains("ok");
            assertThat(cell.getText()).startsWith("9");
            assertThat(browser.findElements(By.cssSelector(".alert[data-game='" + TOR_POR + "']"))).isEmpty();
            assertThat(chromium.text(By.id("alerts"))).contains("No open gaps");
        });
        assertThat(Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-updates")))
                .as("updated by polling, not by a reload").isGreaterThan(updatesBefore);
        chromium.screenshot("dashboard-after.png");

        browser.manage().window().setSize(new Dimension(390, 1600));
        browser.navigate().refresh();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(predictionsCell(TOR_POR).isDisplayed()).isTrue());
        chromium.screenshot("dashboard-phone.png");
    }
}
