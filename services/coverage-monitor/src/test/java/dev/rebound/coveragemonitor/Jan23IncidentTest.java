package dev.rebound.coveragemonitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.internal.DailyHealthSummary;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed's Jan 23 incident through the real emulator and PostgreSQL: the table of predictions per game gives
 * exactly three gaps (DEN_MIL 6, SAC_CLE 6, TOR_POR 0) explained by the stale rosters and the stuck run seen before;
 * they escalate at T-2h under the scenario clock, resolve when predictions arrive, and duplicates change nothing.
 * The methods tell one story in order.
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(Jan23ClockProfile.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service",
        value = "coverage-monitor"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Jan23IncidentTest {
    private static final LocalDate JAN_23 = LocalDate.parse("2026-01-23");
    private static final LocalDate JAN_22 = LocalDate.parse("2026-01-22");
    private static final LocalDate JAN_14 = LocalDate.parse("2026-01-14");
    /** Sim time from the test's start to the alert deadline: thirty real seconds at the profile's speed. */
    private static final Duration LEAD = Duration.ofMinutes(30);
    /** First tip-off minus the 2 h lead time; set when the slate is written. */
    private static Instant deadline;
    private static Instant torPorTipoff;
    private static final String CHAIN = "chain-pgs-0122";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GAP = EventType.COVERAGE_GAP.ceType();
    private static final String RESOLVED = EventType.COVERAGE_RESOLVED.ceType();
    private static final String REPORT = EventType.COVERAGE_REPORT.ceType();
    private static final List<String> PHASE_PROCESSORS = List.of("UpcomingPlayerGameContextProcessor",
            "PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor", "PredictionCoordinator");

    /** Alerts of this story only (test classes with the same profile share one service and its database). */
    private static final String ON_JAN_23 = "findAll { it.game_date == '2026-01-23' }";

    /** Events published in the first step, redelivered in the second. */
    private static final Map<String, Event<?>> SENT = new HashMap<>();

    /** The service's state store; the pipeline's stand-in tables are in the same database. */
    @Inject
    StateStore store;
    @Inject
    ScenarioClock clock;

    private static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    private static <T extends EventPayload> Event<T> send(T payload, String correlationId) {
        Event<T> event = Event.of("//tests/jan23", Instant.parse(Jan23ClockProfile.START), payload, correlationId);
        pubsub().publish(event);
        return event;
    }

    private static ProcessorCompleted completion(String processor, String runId) {
        return new ProcessorCompleted(processor, runId, JAN_23, Instant.parse("2026-01-23T18:00:00Z"), 100);
    }

    /** Distinct messages (the probe may see a message twice; the service publishing twice would be new ids). */
    private static <T> List<T> received(String topic, String ceType, Class<T> type) {
        Map<String, ReceivedMessage> byMessageId = pubsub().receivedOfType(topic, ceType).stream()
                .collect(Collectors.toMap(m -> m.getMessage().getMessageId(), m -> m, (a, b) -> a));
        return byMessageId.values().stream().map(m -> type.cast(pubsub().decode(m).data())).toList();
    }

    private static List<CoverageGap> gaps() {
        return received(Topics.PIPELINE_ALERTS, GAP, CoverageGap.class).stream()
                .filter(g -> g.gameDate().equals(JAN_23)).toList();
    }

    private static List<CoverageReport> reports() {
        return received(Topics.COVERAGE_REPORTS, REPORT, CoverageReport.class).stream()
                .filter(r -> r.gameDate().equals(JAN_23)).toList();
    }

    private static Map<String, Integer> playersByGame(List<CoverageGap> gaps) {
        return gaps.stream().collect(Collectors.toMap(CoverageGap::gameId, CoverageGap::players));
    }

    private boolean seen(String table, String where) {
        return !store.query(Sql.of("SELECT * FROM " + table + " WHERE " + where)).isEmpty();
    }

    @Test
    @Order(1)
    void theSeedsTableRaisesExactlyThreeGapsExplainedByStaleRostersAndTheStuckRun() {
        Instant firstTipoff = clock.instant().plus(LEAD).plus(Duration.ofHours(2))
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        deadline = firstTipoff.minus(Duration.ofHours(2));
        torPorTipoff = firstTipoff.plus(Duration.ofHours(3));
        Slate slate = new Slate(store);
        Map<String, LocalDate> rosterDates = new HashMap<>();
        Slate.TOPOLOGY.config().rosters().teams()
                .forEach(t -> rosterDates.put(t, Slate.STALE_TEAMS.contains(t) ? JAN_14 : JAN_22));
        slate.rosters(rosterDates);
        slate.games(JAN_23, Slate.jan23(firstTipoff), java.util.Set.of("POR", "SAC"));

        SENT.put("stuck", send(new ProcessorStuck("PlayerGameSummaryProcessor", "run-pgs-0122", JAN_22,
                Instant.parse("2026-01-23T08:00:00Z"), 245, 180, Instant.parse("2026-01-23T08:04:05Z")), CHAIN));
        SENT.put("stale", send(new RosterStale(Instant.parse("2026-01-23T17:00:00Z"), 3, 30,
                Slate.STALE_TEAMS.stream().sorted().map(t -> new RosterStale.StaleTeam(t, JAN_14, 9)).toList(),
                List.of(), Severity.CRITICAL, "espn-team-rosters"), null));
        SENT.put("failed", send(new ProcessorFailed("PlayerDailyCacheProcessor", "run-pdc-0123", JAN_23,
                Instant.parse("2026-01-23T12:00:00Z"), ProcessorFailed.Reason.UPSTREAM_MISSING,
                "PlayerGameSummaryProcessor 2026-01-22 has not completed", true), CHAIN));
        await().atMost(WAIT).until(() -> seen("coverage_runs", "processor = 'PlayerGameSummaryProcessor'")
                && seen("coverage_runs", "processor = 'PlayerDailyCacheProcessor'")
                && seen("coverage_roster_teams", "team = 'POR'"));

        for (String processor : PHASE_PROCESSORS) {
            SENT.put(processor, send(completion(processor, "run-" + processor + "-1"), null));
        }
        await().atMost(WAIT).until(() -> reports().stream().anyMatch(r -> r.phases().stream()
                .allMatch(CoverageReport.PhaseCoverage::ran)));

        List<CoverageGap> gaps = gaps();
        assertThat(gaps).hasSize(3);
        assertThat(playersByGame(gaps)).containsOnly(Map.entry("20260123_DEN_MIL", 6),
                Map.entry("20260123_SAC_CLE", 6), Map.entry("20260123_TOR_POR", 0));
        assertThat(gaps).allSatisfy(g -> {
            assertThat(g.phase()).isEqualTo("predictions");
            assertThat(g.minPlayers()).isEqualTo(8);
            assertThat(g.severity()).isEqualTo(Severity.WARNING);
            assertThat(g.detectedAt()).isBefore(deadline);
            assertThat(g.suspectedRootCauses()).anySatisfy(c -> {
                assertThat(c.processor()).isEqualTo("PlayerGameSummaryProcessor");
                assertThat(c.dataDate()).isEqualTo(JAN_22);
                assertThat(c.status()).isEqualTo("stuck");
            });
        });
        CoverageGap torPor = gaps.stream().filter(g -> g.gameId().equals("20260123_TOR_POR")).findFirst().orElseThrow();
        assertThat(torPor.tipoffAt()).isEqualTo(torPorTipoff);
        assertThat(torPor.suspectedRootCauses()).extracting(c -> c.detail())
                .contains("POR roster 9 days old", "TOR roster 9 days old");
        assertThat(gaps.stream().filter(g -> g.gameId().equals("20260123_SAC_CLE")).findFirst().orElseThrow()
                .suspectedRootCauses()).extracting(c -> c.detail()).contains("SAC roster 9 days old")
                .doesNotContain("CLE roster 9 days old");
        assertThat(pubsub().receivedOfType(Topics.PIPELINE_ALERTS, GAP)).allSatisfy(m ->
                assertThat(m.getMessage().getAttributesMap()).containsEntry("correlation_id", CHAIN));

        CoverageReport last = reports().stream().filter(r -> r.phases().stream()
                .allMatch(CoverageReport.PhaseCoverage::ran)).reduce((a, b) -> b).orElseThrow();
        CoverageReport.PhaseCoverage predictions = last.phases().stream()
                .filter(p -> p.phase().equals("predictions")).findFirst().orElseThrow();
        assertThat(predictions.processor()).isEqualTo("PredictionCoordinator");
        assertThat(predictions.gamesTotal()).isEqualTo(8);
        assertThat(predictions.gamesAtMin()).isEqualTo(5);
        // 13+6+13+13+19+15+6+0 covered of 8 games x 30 expected
        assertThat(predictions.coverage()).isEqualTo(Math.round(85 / 240.0 * 10_000) / 10_000.0);
        assertThat(last.phases()).filteredOn(p -> !p.phase().equals("predictions"))
                .allSatisfy(p -> assertThat(p.gamesAtMin()).isEqualTo(8));
    }

    @Test
    @Order(2)
    void theSeedsPredictionsPerGameQueryIsAnEndpoint() {
        given().when().get("/coverage/2026-01-23/games/20260123_TOR_POR").then().statusCode(200)
                .body("expected_players", equalTo(30))
                .body("phases.find { it.phase == 'predictions' }.players", equalTo(0))
                .body("phases.find { it.phase == 'predictions' }.rows", equalTo(0))
                .body("phases.find { it.phase == 'context' }.players", equalTo(15))
                .body("alerts[0].state", equalTo("OPEN"));
        given().when().get("/coverage/2026-01-23/games/20260123_NOP_MEM").then().statusCode(200)
                .body("phases.find { it.phase == 'predictions' }.players", equalTo(19))
                .body("phases.find { it.phase == 'predictions' }.rows", equalTo(38));
        given().when().get("/coverage?date=2026-01-23").then().statusCode(200)
                .body("report.games.size()", equalTo(8))
                .body("alert_deadline", equalTo(deadline.toString()));
        given().when().get("/coverage?date=23-01-2026").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("YYYY-MM-DD"));
        given().when().get("/coverage/2026-01-23/games/nope").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("No game nope"));
        given().when().get("/alerts?state=open").then().statusCode(200).body(ON_JAN_23 + ".size()", equalTo(3))
                .body("causes.flatten().detail", org.hamcrest.Matchers.hasItem("POR roster 9 days old"));
    }

    @Test
    @Order(3)
    void duplicateDeliveriesAndRepeatedEvaluationsAnnounceNothingTwice() {
        int reportsBefore = reports().size();
        for (Event<?> event : SENT.values()) {
            pubsub().publish(event);
        }
        send(completion("PredictionCoordinator", "run-pc-rerun"), null);
        send(new ProcessorStuck("PlayerGameSummaryProcessor", "run-pgs-0122", JAN_22,
                Instant.parse("2026-01-23T08:00:00Z"), 245, 180, Instant.parse("2026-01-23T08:04:05Z")), CHAIN);
        given().when().post("/tasks/evaluate").then().statusCode(200);
        given().when().post("/tasks/evaluate").then().statusCode(200)
                .body("find { it.date == '2026-01-23' }.gaps.size()", equalTo(3));

        // the rerun's completion is evaluated and reported even though nothing changed
        await().atMost(WAIT).until(() -> reports().size() >= reportsBefore + 3);
        assertThat(gaps()).hasSize(3);
        assertThat(received(Topics.PIPELINE_ALERTS, RESOLVED, CoverageResolved.class)).isEmpty();
        given().when().get("/alerts?state=open").then().statusCode(200).body(ON_JAN_23 + ".size()", equalTo(3));
    }

    @Test
    @Order(4)
    void theGapsEscalateToCriticalWhenTheAlertDeadlineArrives() {
        Duration untilDeadline = clock.toReal(Duration.between(clock.instant(), deadline));
        List<CoverageGap> all = await().atMost(WAIT.plus(untilDeadline.isNegative() ? Duration.ZERO : untilDeadline))
                .until(Jan23IncidentTest::gaps, g -> g.size() >= 6);

        List<CoverageGap> critical = all.stream().filter(g -> g.severity() == Severity.CRITICAL).toList();
        assertThat(critical).hasSize(3);
        assertThat(playersByGame(critical)).containsOnly(Map.entry("20260123_DEN_MIL", 6),
                Map.entry("20260123_SAC_CLE", 6), Map.entry("20260123_TOR_POR", 0));
        assertThat(critical).allSatisfy(g -> {
            assertThat(g.detectedAt()).isAfterOrEqualTo(deadline);
            // the deadline wake-up, not the 15-minute timer: within a few sim minutes of the deadline
            assertThat(g.detectedAt()).isBefore(deadline.plus(Duration.ofMinutes(5)));
            assertThat(g.suspectedRootCauses()).isNotEmpty();
        });
        given().when().post("/tasks/evaluate").then().statusCode(200);
        assertThat(gaps()).hasSize(6);
        given().when().get("/alerts?state=escalated").then().statusCode(200)
                .body(ON_JAN_23 + ".size()", equalTo(3));
    }

    @Test
    @Order(5)
    void predictionsArrivingResolveTheGapsOnce() {
        Slate slate = new Slate(store);
        for (String gameId : List.of("20260123_DEN_MIL", "20260123_SAC_CLE", "20260123_TOR_POR")) {
            String home = gameId.substring(gameId.lastIndexOf('_') + 1);
            slate.predictions(JAN_23, gameId, Slate.players(home).subList(0, 10));
        }
        Event<?> done = send(completion("PredictionCoordinator", "run-pc-backfill"), null);

        List<CoverageResolved> resolved = await().atMost(WAIT)
                .until(() -> received(Topics.PIPELINE_ALERTS, RESOLVED, CoverageResolved.class), r -> r.size() >= 3);
        assertThat(resolved).extracting(CoverageResolved::gameId).containsExactlyInAnyOrder("20260123_DEN_MIL",
                "20260123_SAC_CLE", "20260123_TOR_POR");
        assertThat(resolved).allSatisfy(r -> assertThat(r.players()).isEqualTo(10));

        pubsub().publish(done);
        given().when().post("/tasks/evaluate").then().statusCode(200);
        assertThat(received(Topics.PIPELINE_ALERTS, RESOLVED, CoverageResolved.class)).hasSize(3);
        assertThat(gaps()).hasSize(6);
        given().when().get("/alerts?state=open").then().statusCode(200).body(ON_JAN_23 + ".size()", equalTo(0));
        given().when().get("/alerts?state=resolved").then().statusCode(200).body(ON_JAN_23 + ".size()", equalTo(3));
    }

    @Test
    @Order(6)
    void theDailySummaryIsPublishedOnceAndRendered() {
        given().when().post("/tasks/daily-summary?date=2026-01-23").then().statusCode(200)
                .body("published", equalTo(true));
        given().when().post("/tasks/daily-summary?date=2026-01-23").then().statusCode(200)
                .body("published", equalTo(false));
        List<DailyHealthSummary> summaries = await().atMost(WAIT).until(() -> received(Topics.HEALTH_SUMMARIES,
                EventType.DAILY_HEALTH_SUMMARY.ceType(), DailyHealthSummary.class), l -> !l.isEmpty());
        assertThat(summaries).hasSize(1);
        DailyHealthSummary s = summaries.get(0);
        assertThat(s.gamesTotal()).isEqualTo(8);
        assertThat(s.gamesCovered()).isEqualTo(8);
        assertThat(s.gaps()).hasSize(3).allSatisfy(g -> assertThat(g.resolved()).isTrue());
        assertThat(s.stuckRuns()).containsExactly(
                new DailyHealthSummary.StuckRun("PlayerGameSummaryProcessor", JAN_22, "run-pgs-0122"));
        assertThat(s.roster().teamsExpected()).isEqualTo(30);
        assertThat(s.roster().teamsFresh()).isEqualTo(14);
        assertThat(s.roster().stale()).contains("POR", "SAC", "TOR", "DEN").hasSize(16);
        assertThat(s.severity()).isEqualTo(Severity.WARNING);

        given().accept("application/json").when().get("/summary/2026-01-23").then().statusCode(200)
                .body("games_covered", equalTo(8)).body("gaps.size()", equalTo(3));
        given().accept("text/html").when().get("/summary/2026-01-23").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Pipeline health"), containsString("20260123_TOR_POR"),
                        containsString("PlayerGameSummaryProcessor 2026-01-22"));
        given().accept("application/json").when().get("/summary/2026-01-22").then().statusCode(404);
    }

    @Test
    @Order(7)
    void theServiceServesExactlyTheSchedulerJobsListedForIt() {
        List<String> paths = SchedulerJobs.load().jobsOf("coverage-monitor").stream().map(SchedulerJobs.Job::path)
                .sorted().toList();
        assertThat(paths).containsExactly("/tasks/daily-summary", "/tasks/evaluate");
        for (String path : paths) {
            given().when().post(path).then().statusCode(200);
        }
    }
}
