package dev.rebound.coveragemonitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.PlanStep;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
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
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The history views after the Jan 23 incident, in headless Chromium against the running service. The incident is
 * fed as Jan23IncidentTest feeds it (the seed's slate and the stuck PGS(Jan 22) run), then repaired the way the
 * orchestrator and the processors report a repair (plan, triggers, re-runs with their starts and heartbeats,
 * completions); coverage-monitor raises and resolves the gaps itself, and every message of every topic is written
 * to the event archive as the archive subscriptions write it. Screenshots go to target/history-*.png.
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(HistoryViewsBrowserTest.Jan23Evening.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service",
        value = "coverage-monitor"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryViewsBrowserTest {
    private static final LocalDate JAN_23 = LocalDate.parse("2026-01-23");
    private static final LocalDate JAN_22 = LocalDate.parse("2026-01-22");
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String TOR_POR = "20260123_TOR_POR";
    private static final String CHAIN = "chain-pgs-0122";
    private static final String PLAN = "plan-pgs-0122";
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final List<String> PHASE_PROCESSORS = List.of("UpcomingPlayerGameContextProcessor",
            "PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor", "PredictionCoordinator");

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

    private static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    /** Published now on the scenario clock, so the events' own times follow the order they were sent in. */
    private <T extends EventPayload> Instant send(java.util.function.Function<Instant, T> payload,
            String correlationId) {
        Instant at = clock.instant();
        pubsub().publish(Event.of("//tests/history", at, payload.apply(at), correlationId));
        return at;
    }

    private static int received(String ceType) {
        return (int) pubsub().receivedOfType(Topics.PIPELINE_ALERTS, ceType).stream()
                .filter(m -> m.getMessage().getData().toStringUtf8().contains("\"2026-01-23\"")).count();
    }

    private boolean seen(String sql) {
        return !store.query(Sql.of(sql)).isEmpty();
    }

    private void rerun(String stepId, Topology.RunKey run, List<PlanStep> steps) {
        String runId = "run-" + run.processor() + "-" + run.dataDate() + "-r1";
        if (!stepId.equals(steps.get(0).stepId())) {
            send(at -> new BackfillStepTriggered(PLAN, stepId, run.processor(), run.dataDate(), 1, at, false,
                    List.of(), null), CHAIN);
        }
        send(at -> new ProcessorStarted(run.processor(), runId, run.dataDate(), at, 60, RunTrigger.BACKFILL, PLAN),
                CHAIN);
        send(at -> new ProcessorHeartbeat(run.processor(), runId, run.dataDate(), at,
                new ProcessorHeartbeat.Progress(1, 2)), CHAIN);
        send(at -> new ProcessorCompleted(run.processor(), runId, run.dataDate(), at, 100), CHAIN);
        send(at -> new BackfillStepDone(PLAN, stepId, run.processor(), run.dataDate(), 1,
                BackfillStepDone.Outcome.COMPLETED, at, false, List.of(), runId, null), CHAIN);
    }

    @Test
    @Order(1)
    void theIncidentIsReplayedRepairedAndArchived() throws IOException {
        firstTipoff = clock.instant().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        Slate slate = new Slate(store);
        Map<String, LocalDate> rosterDates = new HashMap<>();
        Slate.TOPOLOGY.config().rosters().teams()
                .forEach(t -> rosterDates.put(t, Slate.STALE_TEAMS.contains(t) ? JAN_22.minusDays(8) : JAN_22));
        slate.rosters(rosterDates);
        slate.games(JAN_23, Slate.jan23(firstTipoff), Set.of("POR", "SAC"));

        Instant started = Instant.parse("2026-01-23T08:00:00Z");
        pubsub().publish(Event.of("//tests/history", started, new ProcessorStarted(PGS, "run-pgs-0122", JAN_22,
                started, 60, RunTrigger.SCHEDULED), null));
        pubsub().publish(Event.of("//tests/history", started.plusSeconds(60), new ProcessorHeartbeat(PGS,
                "run-pgs-0122", JAN_22, started.plusSeconds(60), new ProcessorHeartbeat.Progress(1, 9)), null));
        pubsub().publish(Event.of("//tests/history", started.plusSeconds(245), new ProcessorStuck(PGS,
                "run-pgs-0122", JAN_22, started.plusSeconds(60), 185, 180, started.plusSeconds(245)), CHAIN));
        send(at -> new RosterStale(at, 3, 30, Slate.STALE_TEAMS.stream().sorted()
                .map(t -> new RosterStale.StaleTeam(t, JAN_22.minusDays(8), 9)).toList(), List.of(),
                Severity.CRITICAL, "espn-team-rosters"), null);
        send(at -> new ProcessorFailed("PlayerDailyCacheProcessor", "run-pdc-0123", JAN_23, at,
                ProcessorFailed.Reason.UPSTREAM_MISSING, PGS + " 2026-01-22 has not completed", true), CHAIN);
        await().atMost(WAIT).until(() -> seen("SELECT * FROM coverage_runs WHERE processor = '" + PGS + "'")
                && seen("SELECT * FROM coverage_runs WHERE processor = 'PlayerDailyCacheProcessor'")
                && seen("SELECT * FROM coverage_roster_teams WHERE team = 'POR'"));
        for (String processor : PHASE_PROCESSORS) {
            send(at -> new ProcessorCompleted(processor, "run-" + processor + "-0123", JAN_23, at, 100), null);
        }
        await().atMost(WAIT).until(() -> received(EventType.COVERAGE_GAP.ceType()) >= 3);

        // the orchestrator's plan: the stuck run and everything downstream of it, in topological order
        List<Topology.RunKey> runs = Slate.TOPOLOGY.dependentsOf(new Topology.RunKey(PGS, JAN_22));
        List<PlanStep> steps = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            steps.add(new PlanStep("s" + (i + 1), runs.get(i).processor(), runs.get(i).dataDate(),
                    i == 0 ? List.of() : List.of("s" + i), null));
        }
        send(at -> new BackfillPlanCreated(PLAN, at, PGS, JAN_22, "stuck", List.of(), steps, firstTipoff), CHAIN);
        send(at -> new BackfillStepTriggered(PLAN, "s1", PGS, JAN_22, 1, at, false, List.of(), null), CHAIN);
        await().atMost(WAIT).until(() -> seen("SELECT * FROM coverage_plan_steps WHERE plan_id = '" + PLAN
                + "' AND state <> 'pending'"));

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

        for (int i = 0; i < runs.size(); i++) {
            if (i == runs.size() - 1) {
                for (String gameId : List.of("20260123_DEN_MIL", "20260123_SAC_CLE", TOR_POR)) {
                    slate.predictions(JAN_23, gameId,
                            Slate.players(gameId.substring(gameId.lastIndexOf('_') + 1)).subList(0, 10));
                }
            }
            rerun(steps.get(i).stepId(), runs.get(i), steps);
        }
        send(at -> new BackfillPlanCompleted(PLAN, at, PGS, JAN_22, steps.size(), 0, List.of()), CHAIN);
        await().atMost(WAIT).until(() -> received(EventType.COVERAGE_RESOLVED.ceType()) >= 3
                && seen("SELECT * FROM coverage_plans WHERE plan_id = '" + PLAN + "' AND state = 'completed'"));

        assertThat(ArchiveWriter.archiveEverything(pubsub(), store)).isGreaterThan(40);
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
