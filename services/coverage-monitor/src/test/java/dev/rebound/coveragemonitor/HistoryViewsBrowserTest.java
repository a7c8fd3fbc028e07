package dev.rebound.coveragemonitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The history views after the Jan 23 incident ({@link Jan23Repair}: raised, repaired and archived through the
 * running service), in headless Chromium: each view's contents, its keyboard and screen-reader hooks, and the
 * dashboard's links to the timeline. Screenshots go to target/history-*.png (docs/images shows them).
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(HistoryViewsBrowserTest.Jan23Evening.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service",
        value = "coverage-monitor"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryViewsBrowserTest {
    private static final String PGS = Jan23Repair.PGS;
    private static final String TOR_POR = "20260123_TOR_POR";
    private static final String CHAIN = Jan23Repair.CHAIN;
    private static final String PLAN = Jan23Repair.PLAN;
    private static final Duration WAIT = Duration.ofSeconds(45);

    /** The dashboard's links to the timeline, as the page rendered them while the gaps were open. */
    private static String alertTimelineLink;
    private static String planTimelineLink;
    /** The evening's first tip-off, three hours after the replay starts (the seed puts TOR_POR three hours later). */
    private static Instant firstTipoff;

    /** Jan 23, 2026 from 18:00 UTC at sixty sim seconds per real second; its own service (not Jan23IncidentTest's). */
    public static class Jan23Evening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebound.clock.mode", "scenario", "rebound.clock.start", "2026-01-23T18:00:00Z",
                    "rebound.clock.speed", "60");
        }
    }

    @Inject
    StateStore store;
    @Inject
    ScenarioClock clock;

    @TestHTTPResource("/")
    URL dashboard;

    @Test
    @Order(1)
    void theIncidentIsReplayedRepairedAndArchived() throws IOException {
        Jan23Repair incident = new Jan23Repair(store, clock, PubSubEmulatorResource.client());
        firstTipoff = incident.breakAndDetect();
        incident.plan();
        try (HeadlessChromium chromium = HeadlessChromium.start("dark")) {
            chromium.browser.get(dashboard.toString());
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                alertTimelineLink = chromium.browser.findElement(By.cssSelector(".alert[data-game='" + TOR_POR
                        + "'] a.timeline-link")).getAttribute("href");
                planTimelineLink = chromium.browser.findElement(By.cssSelector(".plan[data-plan='" + PLAN
                        + "'] a.timeline-link")).getAttribute("href");
            });
        }
        assertThat(alertTimelineLink).contains("correlation_id=" + CHAIN, "game_id=" + TOR_POR);
        assertThat(planTimelineLink).contains("plan_id=" + PLAN);
        incident.repair();
        assertThat(incident.archive()).isGreaterThan(40);
    }

    /** A time as the pages show it. */
    private static String shown(Instant at) {
        return at.toString().replace('T', ' ').substring(0, 16) + " UTC";
    }

    private static List<String> stages(HeadlessChromium chromium) {
        return chromium.browser.findElements(By.cssSelector("#events li")).stream()
                .map(li -> li.getAttribute("data-stage")).toList();
    }

    @Test
    @Order(2)
    void torPorsTimelineShowsGapPlanTriggerCompletionResolutionInOrder() throws IOException {
        try (HeadlessChromium chromium = HeadlessChromium.start("dark")) {
            chromium.browser.get(alertTimelineLink);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(chromium.browser.findElement(By.tagName("body")).getAttribute("data-loaded"))
                            .isEqualTo("true"));
            List<String> stages = stages(chromium);
            List<Integer> firsts = List.of("gap", "plan", "trigger", "completed", "resolved").stream()
                    .map(stages::indexOf).toList();
            assertThat(firsts).doesNotContain(-1).isSorted();
            assertThat(stages).contains("stuck", "started", "heartbeat", "plan_completed");
            String events = chromium.text(By.id("events"));
            assertThat(events).contains(TOR_POR, PGS + " 2026-01-22 stuck", "plan " + PLAN)
                    .doesNotContain("20260123_DEN_MIL");
            WebElement resolved = chromium.browser.findElement(By.cssSelector("#chart g[data-stage='resolved']"));
            assertThat(resolved.getAttribute("tabindex")).isEqualTo("0");
            assertThat(resolved.getAttribute("aria-label")).contains("resolved", TOR_POR);
            assertThat(chromium.browser.findElements(By.cssSelector("#chart g.lane"))).hasSizeGreaterThan(3);
            chromium.screenshot("history-timeline.png");

            chromium.browser.get(planTimelineLink);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(chromium.text(By.id("summary"))).contains(CHAIN);
                assertThat(chromium.text(By.id("events"))).contains("20260123_DEN_MIL", TOR_POR);
            });
        }
    }

    @Test
    @Order(3)
    void theDagMarksTheStuckRunOfJan22ThenItsCompletionOnTheCriticalPath() throws IOException {
        try (HeadlessChromium chromium = HeadlessChromium.start("light")) {
            chromium.browser.get(dashboard + "history/topology.html?date=2026-01-23");
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(chromium.browser.findElement(By.tagName("body")).getAttribute("data-loaded"))
                            .isEqualTo("true"));
            WebElement pgs = chromium.browser.findElement(By.cssSelector("#chart g.node[data-run='" + PGS
                    + "@2026-01-22']"));
            assertThat(pgs.getAttribute("data-state")).isEqualTo("completed");
            List<String> verdicts = List.of(pgs.getAttribute("data-history").split(" "));
            assertThat(verdicts.indexOf("stuck")).isNotNegative().isLessThan(verdicts.lastIndexOf("completed"));
            assertThat(pgs.getAttribute("tabindex")).isEqualTo("0");
            assertThat(pgs.getAttribute("aria-label")).contains(PGS + " 2026-01-22: completed", "stuck",
                    "critical path");
            assertThat(pgs.getAttribute("class")).contains("critical");
            assertThat(chromium.browser.findElement(By.cssSelector("#chart g.node[data-run="
                    + "'PredictionCoordinator@2026-01-23']")).getAttribute("class")).contains("critical");
            assertThat(chromium.browser.findElements(By.cssSelector("#chart path.edge"))).hasSize(
                    Slate.TOPOLOGY.config().edges().size());
            assertThat(chromium.text(By.cssSelector("#runs tr[data-run='" + PGS + "@2026-01-22']")))
                    .contains("stuck", "completed", "yes");
            assertThat(chromium.text(By.id("summary"))).contains("first tip-off", PGS + "@2026-01-22");
            chromium.screenshot("history-topology.png");
        }
    }

    @Test
    @Order(4)
    void theRunHistoryShowsEachProcessorsRunsWithTheStuckVerdictAndTheFailure() throws IOException {
        try (HeadlessChromium chromium = HeadlessChromium.start("dark")) {
            chromium.browser.get(dashboard + "history/runs.html");
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(chromium.browser.findElement(By.tagName("body")).getAttribute("data-loaded"))
                            .isEqualTo("true"));
            String pgs = "#chart g.processor[data-processor='" + PGS + "'] ";
            WebElement stuck = chromium.browser.findElement(By.cssSelector(pgs + "g.run[data-run='run-pgs-0122']"));
            assertThat(stuck.getAttribute("data-outcome")).isEqualTo("stuck");
            assertThat(stuck.getAttribute("aria-label")).contains("declared stuck", "started 2026-01-23 08:00 UTC");
            String rerun = "run-" + PGS + "-2026-01-22-r1";
            assertThat(chromium.browser.findElement(By.cssSelector(pgs + "g.run[data-run='" + rerun + "']"))
                    .getAttribute("data-outcome")).isEqualTo("completed");
            assertThat(chromium.text(By.cssSelector("#runs tr[data-run='run-pgs-0122']")))
                    .contains("2026-01-22", "scheduled", "4m", "stuck");
            assertThat(chromium.text(By.cssSelector("#runs tr[data-run='" + rerun + "']")))
                    .contains("backfill", "completed");
            assertThat(chromium.text(By.cssSelector("#runs tr[data-run='run-pdc-0123']")))
                    .contains("failed", "UPSTREAM_MISSING");
            assertThat(chromium.text(By.cssSelector("#chart g.processor[data-processor='PlayerDailyCacheProcessor']")))
                    .contains("1 failed");
            chromium.screenshot("history-runs.png");
        }
    }

    @Test
    @Order(5)
    void coverageOverTimeShowsTorPorsPredictionsRiseWithTheMinimumDeadlineTipoffAlertAndRepair() throws IOException {
        try (HeadlessChromium chromium = HeadlessChromium.start("light")) {
            chromium.browser.get(dashboard + "history/coverage.html?date=2026-01-23");
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(chromium.browser.findElement(By.tagName("body")).getAttribute("data-loaded"))
                            .isEqualTo("true"));
            assertThat(chromium.browser.findElements(By.cssSelector("figure.game"))).hasSize(8);
            String game = "figure.game[data-game='" + TOR_POR + "'] ";
            WebElement predictions = chromium.browser.findElement(By.cssSelector(game
                    + "g.series[data-phase='predictions']"));
            assertThat(predictions.getAttribute("data-points")).isEqualTo("0 10");
            assertThat(predictions.getAttribute("tabindex")).isEqualTo("0");
            assertThat(predictions.getAttribute("aria-label")).startsWith("predictions: 0 players from");
            assertThat(chromium.browser.findElements(By.cssSelector(game + "line.min-line"))).hasSize(1);
            assertThat(chromium.browser.findElement(By.cssSelector(game + "g.marker[data-mark='deadline']"))
                    .getAttribute("aria-label")).isEqualTo("T−2h " + shown(firstTipoff.minus(Duration.ofHours(2))));
            assertThat(chromium.browser.findElement(By.cssSelector(game + "g.marker[data-mark='tipoff']"))
                    .getAttribute("aria-label")).isEqualTo("tip-off " + shown(firstTipoff.plus(Duration.ofHours(3))));
            List<String> moments = chromium.browser.findElements(By.cssSelector(game + "g.moment")).stream()
                    .map(m -> m.getAttribute("data-stage")).toList();
            assertThat(moments).containsSubsequence("gap", "plan", "resolved");
            assertThat(chromium.browser.findElements(By.cssSelector("figure.game[data-game='20260123_NOP_MEM']"
                    + " g.moment[data-stage='gap']"))).isEmpty();
            assertThat(chromium.text(By.id("summary"))).contains("8 games", "minimum 8 players");
            chromium.screenshot("history-coverage.png");
        }
    }

    @Test
    @Order(6)
    void theViewsJsonIsDescribedInOpenApiAndBadQueriesAreProblems() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.keySet()", hasItems("/history/timeline", "/history/topology", "/history/runs",
                        "/history/coverage"));
        given().when().get("/history/timeline").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("correlation_id or plan_id"));
        given().when().get("/history/timeline?correlation_id=nope").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("correlation_id nope"));
        given().when().get("/history/timeline?plan_id=nope").then().statusCode(404)
                .body("detail", containsString("No repair plan nope"));
        given().when().get("/history/topology?date=23-01-2026").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("YYYY-MM-DD"));
        given().when().get("/history/coverage?date=2026-01-23").then().statusCode(200)
                .body("games.size()", equalTo(8)).body("min_players", equalTo(8));
    }
}
