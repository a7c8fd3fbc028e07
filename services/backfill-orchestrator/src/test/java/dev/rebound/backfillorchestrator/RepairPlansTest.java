package dev.rebound.backfillorchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.push.PushStats;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The repair behaviour through the real emulator and the real store: the test plays the processors and the coverage
 * monitor by answering the triggers it reads from the processor-triggers probe, and the pipeline by writing its
 * local schedule and archive tables (the service only reads them). Each test uses its own dates.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class,
        initArgs = @ResourceArg(name = "service", value = "backfill-orchestrator"))
class RepairPlansTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String ROSTER = "EspnTeamRosterProcessor";
    private static final String PDC = "PlayerDailyCacheProcessor";
    private static final String CONTEXT = "UpcomingPlayerGameContextProcessor";
    private static final String COMPOSITE = "PlayerCompositeFactorsProcessor";
    private static final String FEATURES = "MLFeatureStoreProcessor";
    private static final String PREDICTIONS = "PredictionCoordinator";

    @Inject
    ScenarioClock clock;
    @Inject
    Topology topology;
    /** The service's state store; locally the same server holds the pipeline's tables, which the test writes. */
    @Inject
    StateStore store;
    @Inject
    PushStats stats;

    PubSubTestClient client;
    ProcessorPlayer player;

    @BeforeEach
    void setUp() {
        client = PubSubEmulatorResource.client();
        player = new ProcessorPlayer(client, clock, topology);
    }

    /** Plans a test leaves open would hold trigger slots (a global limit) from the next test. */
    @org.junit.jupiter.api.AfterEach
    void cancelOpenPlans() {
        for (String id : given().get("/plans").then().statusCode(200).extract().jsonPath()
                .getList("active.findAll { it.status == 'open' }.plan_id", String.class)) {
            given().post("/plans/" + id + "/cancel").then().statusCode(200);
        }
    }

    private static RunKey run(String processor, LocalDate date) {
        return new RunKey(processor, date);
    }

    private List<Event<BackfillPlanCreated>> plansCreatedFor(RunKey root) {
        List<Event<BackfillPlanCreated>> out = new ArrayList<>();
        for (ReceivedMessage m : client.receivedOfType(Topics.BACKFILL_EVENTS,
                EventType.BACKFILL_PLAN_CREATED.ceType())) {
            @SuppressWarnings("unchecked")
            Event<BackfillPlanCreated> e = (Event<BackfillPlanCreated>) client.decode(m);
            if (e.data().rootProcessor().equals(root.processor()) && e.data().rootDataDate().equals(root.dataDate())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Waits until the orchestrator has recorded the run's completion (and a coverage report for it). */
    private void awaitRecorded(RunKey run, boolean withCoverage) {
        String coverage = withCoverage ? " AND coverage_at IS NOT NULL" : "";
        await().atMost(DEADLINE).until(() -> !store.query(Sql.of("SELECT 1 FROM observed_runs WHERE processor = @p"
                + " AND data_date = @d AND completed_at IS NOT NULL" + coverage)
                .bind("p", run.processor()).bind("d", run.dataDate())).isEmpty());
    }

    private JsonPath plan(String planId) {
        return given().get("/plans/" + planId).then().statusCode(200).extract().jsonPath();
    }

    private String manualPlan(RunKey root) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("processor", root.processor(), "data_date", root.dataDate().toString()))
                .post("/plans").then().statusCode(201).extract().jsonPath().getString("plan_id");
    }

    /**
     * Answers every trigger of a plan with a completion (and full coverage), one at a time, checking that each
     * trigger came only after every upstream of its run in the plan had completed. Returns the triggered runs in
     * the order they were triggered.
     */
    private List<RunKey> playUntilCompleted(String planId, Set<RunKey> completed) {
        List<RunKey> order = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Event<ProcessorTrigger> trigger : player.unanswered(planId)) {
                RunKey key = run(trigger.data().processor(), trigger.data().dataDate());
                for (String upstream : dependsOn(planId, key)) {
                    assertThat(completed.stream().map(RepairStep::idOf)).as("upstream of " + key).contains(upstream);
                }
                player.markAnswered(trigger);
                order.add(key);
                completed.add(key);
                player.completeWithCoverage(key, ProcessorPlayer.correlationOf(trigger));
            }
            return "completed".equals(plan(planId).getString("status"));
        });
        return order;
    }

    private List<String> dependsOn(String planId, RunKey key) {
        return plan(planId).getList("steps.findAll { it.step_id == '" + RepairStep.idOf(key) + "' }.depends_on[0]");
    }

    private void insertGame(LocalDate date, String gameId, Instant tipoff) {
        var schedule = topology.config().schedule();
        store.execute(Sql.of("DELETE FROM " + schedule.table() + " WHERE " + schedule.gameColumn() + " = @id")
                .bind("id", gameId));
        store.execute(Sql.of("INSERT INTO " + schedule.table() + " (" + schedule.dateColumn() + ", "
                + schedule.gameColumn() + ", " + schedule.homeTeamColumn() + ", " + schedule.awayTeamColumn() + ", "
                + schedule.tipoffColumn() + ") VALUES (@d, @id, 'POR', 'TOR', @t)").bind("d", date).bind("id", gameId)
                .bind("t", tipoff));
    }

    // ------------------------------------------------------------------ the incident

    @Test
    void theIncidentsStuckSummaryIsRepairedInDependencyOrderAndAReplayOfTheDayTriggersNothingNew() throws Exception {
        LocalDate jan22 = LocalDate.of(2026, 1, 22);
        LocalDate jan23 = LocalDate.of(2026, 1, 23);
        insertGame(jan23, "0022600651", Instant.parse("2026-01-24T03:00:00Z"));
        Instant dayStart = clock.instant().minusSeconds(1);
        player.complete(run(ROSTER, jan22), null);
        awaitRecorded(run(ROSTER, jan22), false);

        // the heartbeat tracker's two signals for one stuck run: the alert and the failure with reason stuck
        Event<ProcessorStuck> stuck = player.publish(new ProcessorStuck(PGS, "pgs-run-22", jan22,
                clock.instant().minusSeconds(900), 900, 180, clock.instant()), "incident-corr");
        player.fail(run(PGS, jan22), ProcessorFailed.Reason.STUCK, "incident-corr");

        Event<BackfillPlanCreated> created = await().atMost(DEADLINE)
                .until(() -> plansCreatedFor(run(PGS, jan22)), l -> !l.isEmpty()).get(0);
        String planId = created.data().planId();
        assertThat(created.attributes().correlationId()).isEqualTo("incident-corr");
        assertThat(created.data().steps()).extracting(s -> s.processor() + "(" + s.dataDate() + ")").containsExactly(
                "PlayerGameSummaryProcessor(2026-01-22)", "UpcomingPlayerGameContextProcessor(2026-01-23)",
                "PlayerDailyCacheProcessor(2026-01-23)", "PlayerCompositeFactorsProcessor(2026-01-23)",
                "MLFeatureStoreProcessor(2026-01-23)", "PredictionCoordinator(2026-01-23)");
        assertThat(created.data().causeChain().get(0).processor()).isEqualTo(PGS);
        assertThat(created.data().causeChain().get(0).status()).isEqualTo("stuck");
        assertThat(created.data().causeChain()).extracting(c -> c.processor() + ":" + c.status())
                .contains("UpcomingPlayerGameContextProcessor:missing", "PredictionCoordinator:at_risk");
        assertThat(created.data().earliestTipoffAt()).isEqualTo(Instant.parse("2026-01-24T03:00:00Z"));

        Set<RunKey> completed = new HashSet<>(Set.of(run(ROSTER, jan22)));
        List<RunKey> order = playUntilCompleted(planId, completed);

        assertThat(order).containsExactlyInAnyOrder(run(PGS, jan22), run(CONTEXT, jan23), run(PDC, jan23),
                run(COMPOSITE, jan23), run(FEATURES, jan23), run(PREDICTIONS, jan23));
        assertThat(order).containsSubsequence(run(PGS, jan22), run(PDC, jan23), run(COMPOSITE, jan23),
                run(FEATURES, jan23), run(PREDICTIONS, jan23));
        assertThat(order.indexOf(run(CONTEXT, jan23))).isLessThan(order.indexOf(run(COMPOSITE, jan23)));
        assertThat(player.triggers(planId)).allSatisfy(t -> {
            assertThat(t.attributes().correlationId()).isEqualTo("incident-corr");
            assertThat(t.attributes().processor()).isEqualTo(t.data().processor());
            assertThat(t.data().attempt()).isEqualTo(1);
        });
        client.awaitType(Topics.BACKFILL_EVENTS, EventType.BACKFILL_PLAN_COMPLETED.ceType(), 1, DEADLINE);
        assertThat(plansCreatedFor(run(PGS, jan22))).hasSize(1);
        int triggersBefore = player.triggers(null).size();

        // (b) re-publish the archived day: every event keeps its ce-id, so nothing is processed twice
        EventCodec codec = new EventCodec();
        for (Event<?> e : player.published) {
            EncodedMessage m = codec.encode(e);
            store.execute(Sql.of("INSERT INTO rebound_events.events (subscription_name, message_id, publish_time,"
                    + " attributes, data) VALUES (@s, @m, @t, @a, @d)")
                    .bind("s", "projects/" + client.projectId() + "/subscriptions/" + e.type().topic() + "--archive")
                    .bind("m", "msg-" + e.id()).bind("t", clock.instant())
                    .bind("a", Json.mapper().writeValueAsString(m.attributes())).bind("d", m.data()));
        }
        long duplicatesBefore = stats.get(PushStats.Outcome.duplicate);
        long quarantinedBefore = stats.get(PushStats.Outcome.quarantined);
        JsonPath replay = given().contentType(ContentType.JSON)
                .body(Map.of("from", dayStart.toString(), "to", clock.instant().plusSeconds(1).toString()))
                .post("/replay/republish").then().statusCode(200).extract().jsonPath();
        assertThat(replay.getInt("republished")).isEqualTo(player.published.size());
        await().atMost(DEADLINE).until(() -> stats.get(PushStats.Outcome.duplicate)
                >= duplicatesBefore + player.published.size());

        assertThat(stats.get(PushStats.Outcome.quarantined)).isEqualTo(quarantinedBefore);

        // (a) seek the completions subscription back to the start of the day: Pub/Sub redelivers, nothing new
        long duplicatesBeforeSeek = stats.get(PushStats.Outcome.duplicate);
        given().contentType(ContentType.JSON).body(Map.of("subscription",
                "backfill-orchestrator--processor-completions", "time", dayStart.minusSeconds(3600).toString()))
                .post("/replay/seek").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> stats.get(PushStats.Outcome.duplicate) > duplicatesBeforeSeek);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> player.triggers(null).size() == triggersBefore);
        assertThat(plansCreatedFor(run(PGS, jan22))).hasSize(1);
        assertThat(stuck.id()).isNotBlank();
    }

    // ------------------------------------------------------------------ soft thresholds

    @Test
    void aSoftThresholdPassesAt092WithADegradedStepAndBlocksAt05UntilCoverageImproves() {
        LocalDate passes = LocalDate.of(2025, 3, 10);
        LocalDate blocks = LocalDate.of(2025, 3, 11);
        for (LocalDate d : List.of(passes, blocks)) {
            player.complete(run(PDC, d), null);
            player.complete(run(CONTEXT, d), null);
        }
        player.coverage(CONTEXT, passes, 0.92);
        player.coverage(CONTEXT, blocks, 0.5);
        for (LocalDate d : List.of(passes, blocks)) {
            awaitRecorded(run(PDC, d), false);
            awaitRecorded(run(CONTEXT, d), true);
        }

        String passing = manualPlan(run(COMPOSITE, passes));
        await().atMost(DEADLINE).until(() -> !player.triggersFor(run(COMPOSITE, passes)).isEmpty());
        JsonPath view = plan(passing);
        assertThat(view.getBoolean("steps[0].degraded")).isTrue();
        assertThat(view.getDouble("steps[0].upstream_coverage")).isEqualTo(0.92);

        String blocked = manualPlan(run(COMPOSITE, blocks));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> player.triggersFor(run(COMPOSITE, blocks)).isEmpty());
        assertThat(plan(blocked).getString("steps[0].state")).isEqualTo("pending");
        assertThat(plan(blocked).getString("steps[0].detail")).contains("coverage 0.50 below the threshold 0.90");

        player.coverage(CONTEXT, blocks, 0.95);
        await().atMost(DEADLINE).until(() -> !player.triggersFor(run(COMPOSITE, blocks)).isEmpty());
    }

    // ------------------------------------------------------------------ safety

    @Test
    void fiveDuplicateAlertsForOneRunOpenOnePlanAndOneTrigger() {
        LocalDate date = LocalDate.of(2025, 4, 1);
        for (int i = 0; i < 5; i++) {
            player.publish(new ProcessorStuck(PGS, "pgs-dup", date, clock.instant().minusSeconds(600), 600, 180,
                    clock.instant()), "dup-corr-" + i);
        }
        Event<?> again = player.published.get(player.published.size() - 1);
        client.publish(again);
        await().atMost(DEADLINE).until(() -> !player.triggersFor(run(PGS, date)).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> plansCreatedFor(run(PGS, date)).size() == 1
                        && player.triggersFor(run(PGS, date)).size() == 1);
    }

    @Test
    void aProcessorThatAlwaysFailsIsCappedAndItsPlanAbandonedWithOneCriticalAlert() {
        LocalDate date = LocalDate.of(2025, 5, 1);
        player.complete(run(FEATURES, date), null);
        player.coverage(FEATURES, date, 1.0);
        RunKey failing = run(PREDICTIONS, date);
        await().atMost(DEADLINE).until(() -> {
            try {
                manualPlan(failing);
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        });
        int maxAttempts = topology.config().repair().maxAttempts();
        Set<String> answered = new HashSet<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Event<ProcessorTrigger> t : player.triggersFor(failing)) {
                if (answered.add(t.id())) {
                    player.fail(failing, ProcessorFailed.Reason.ERROR, t.attributes().correlationId());
                }
            }
            return !client.receivedOfType(Topics.PIPELINE_ALERTS, EventType.BACKFILL_ABANDONED_ALERT.ceType())
                    .isEmpty();
        });
        player.fail(failing, ProcessorFailed.Reason.ERROR, null);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> player.triggersFor(failing).size() == maxAttempts);
        List<ReceivedMessage> alerts = client.receivedOfType(Topics.PIPELINE_ALERTS,
                EventType.BACKFILL_ABANDONED_ALERT.ceType());
        assertThat(alerts).hasSize(1);
        BackfillAbandonedAlert alert = (BackfillAbandonedAlert) client.decode(alerts.get(0)).data();
        assertThat(alert.processor()).isEqualTo(PREDICTIONS);
        assertThat(alert.dataDate()).isEqualTo(date);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.attempts()).isEqualTo(maxAttempts);
        assertThat(player.triggersFor(failing)).extracting(t -> t.data().attempt())
                .containsExactly(1, 2, 3);
    }

    @Test
    void twoPlansCompetingForTheSameStepsTriggerEachSharedRunOnceAndBothComplete() {
        LocalDate date = LocalDate.of(2025, 6, 1);
        player.complete(run(PGS, date.minusDays(1)), null);
        player.complete(run(ROSTER, date), null);
        player.complete(run(CONTEXT, date), null);
        player.coverage(CONTEXT, date, 1.0);
        awaitRecorded(run(PGS, date.minusDays(1)), false);
        awaitRecorded(run(ROSTER, date), false);
        awaitRecorded(run(CONTEXT, date), true);
        String fromCache = manualPlan(run(PDC, date));
        String fromContext = manualPlan(run(CONTEXT, date));
        assertThat(fromCache).isNotEqualTo(fromContext);

        Set<RunKey> done = new HashSet<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String planId : List.of(fromCache, fromContext)) {
                for (Event<ProcessorTrigger> t : player.unanswered(planId)) {
                    player.markAnswered(t);
                    RunKey key = run(t.data().processor(), t.data().dataDate());
                    done.add(key);
                    player.completeWithCoverage(key, t.attributes().correlationId());
                }
            }
            return "completed".equals(plan(fromCache).getString("status"))
                    && "completed".equals(plan(fromContext).getString("status"));
        });
        for (String shared : List.of(COMPOSITE, FEATURES, PREDICTIONS)) {
            assertThat(player.triggersFor(run(shared, date))).as(shared).hasSize(1);
        }
        assertThat(player.triggersFor(run(PDC, date))).hasSize(1);
        assertThat(player.triggersFor(run(CONTEXT, date))).hasSize(1);
        assertThat(done).hasSize(5);
    }

    @Test
    void theSweepPlansARunThatShouldExistAndDoesNotOnlyOnce() {
        LocalDate date = LocalDate.of(2026, 1, 21);
        // a game of that date still ahead: a missing run with nothing left to protect would get no plan
        insertGame(date, "0022600640", Instant.parse("2026-01-31T00:00:00Z"));
        player.complete(run(ROSTER, date), null);
        awaitRecorded(run(ROSTER, date), false);
        assertThat(plansCreatedFor(run(PGS, date))).isEmpty();
        JsonPath first = given().post("/tasks/sweep").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("dates_checked", String.class)).contains(date.toString());
        await().atMost(DEADLINE).until(() -> plansCreatedFor(run(PGS, date)).size() == 1);
        assertThat(plansCreatedFor(run(PGS, date)).get(0).data().reason()).isEqualTo("missing run");
        JsonPath second = given().post("/tasks/sweep").then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("plans_opened")).isEmpty();
    }

    @Test
    void aDecisionsEventsLeaveThroughTheOutboxWithCeIdsDerivedFromTheDecision() {
        RunKey root = run(PGS, LocalDate.of(2025, 7, 1));
        String planId = manualPlan(root);
        Event<ProcessorTrigger> trigger = await().atMost(DEADLINE)
                .until(() -> player.triggers(planId), l -> !l.isEmpty()).get(0);
        assertThat(trigger.id()).isEqualTo(PlanAnnouncer.eventId("trigger", planId, RepairStep.idOf(root), "1"));

        List<Row> queued = store.query(Sql.of("SELECT event_id, ce_type, ordering_key FROM outbox"
                + " WHERE ordering_key = @plan OR event_id = @trigger ORDER BY id")
                .bind("plan", planId).bind("trigger", trigger.id()));
        assertThat(queued).extracting(r -> r.getString("ce_type")).containsExactly(
                EventType.BACKFILL_PLAN_CREATED.ceType(), EventType.PROCESSOR_TRIGGER.ceType(),
                EventType.BACKFILL_STEP_TRIGGERED.ceType());
        assertThat(queued.get(0).getString("event_id")).isEqualTo(PlanAnnouncer.eventId("created", planId));
        assertThat(queued.get(1).getString("ordering_key")).as("a trigger waits for no lifecycle event").isNull();
    }

    @Test
    void aManualRequestForAnUnknownProcessorIsAClearError() {
        given().contentType(ContentType.JSON).body(Map.of("processor", "NoSuchProcessor", "data_date", "2025-01-01"))
                .post("/plans").then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("unknown processor NoSuchProcessor"));
        given().contentType(ContentType.JSON).body(Map.of("processor", PGS, "data_date", "yesterday"))
                .post("/plans").then().statusCode(400);
        given().get("/plans/" + UUID.randomUUID()).then().statusCode(404);
    }
}
