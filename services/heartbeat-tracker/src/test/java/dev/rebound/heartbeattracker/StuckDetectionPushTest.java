package dev.rebound.heartbeattracker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.Json;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.push.Quarantine;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tracker through the real emulator and the shared push path, on a 60× scenario clock: a heartbeat interval
 * of 10 s gives a 30 s threshold (0.5 s real), the 10 s sweep runs every 167 ms real.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class,
        initArgs = @ResourceArg(name = "service", value = "heartbeat-tracker"))
class StuckDetectionPushTest {
    static final String PROCESSOR = "PlayerGameSummaryProcessor";
    static final int INTERVAL_S = 10;
    static final Duration THRESHOLD = Duration.ofSeconds(3L * INTERVAL_S);
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Scheduling and push slack allowed beyond threshold + sweep period: 3 s sim = 50 ms real. */
    static final double SLACK_S = 3;

    @Inject
    ScenarioClock clock;
    @Inject
    RunStore store;
    @Inject
    HeartbeatConfig config;
    @Inject
    StateStore stateStore;
    @Inject
    ReboundConfig rebound;

    static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    static List<Event<?>> published(String topic, EventType type, TestRun run) {
        return pubsub().receivedOfType(topic, type.ceType()).stream().<Event<?>>map(pubsub()::decode)
                .filter(run::isAbout).toList();
    }

    static List<Event<?>> stuckAlerts(TestRun run) {
        return published(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK, run);
    }

    static List<Event<?>> stuckFailures(TestRun run) {
        return published(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED, run).stream()
                .filter(e -> ((ProcessorFailed) e.data()).reason() == ProcessorFailed.Reason.STUCK).toList();
    }

    static List<Event<?>> lateHeartbeats(TestRun run) {
        return published(Topics.PIPELINE_ALERTS, EventType.LATE_HEARTBEAT, run);
    }

    TrackedRun stored(TestRun run) {
        return store.find(run.key()).orElseThrow();
    }

    void awaitState(TestRun run, RunState state) {
        await().atMost(DEADLINE).until(() -> store.find(run.key()).map(r -> r.state() == state).orElse(false));
    }

    /** Sim time now, at the store's precision (microseconds), so what is stored compares equal to what was sent. */
    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Lets sim time pass (several sweeps) so that anything that would be published twice has been. */
    void letSweepsPass(Instant from, Duration sim) {
        Instant until = from.plus(sim);
        await().atMost(DEADLINE).until(() -> now().isAfter(until));
    }

    /** Waits until the tracker has processed (and recorded in its ledger) the given ce-id. */
    void awaitProcessed(String ceId) {
        await().atMost(DEADLINE).until(() -> inLedger(ceId));
    }

    /** Waits until the run's record holds the given heartbeat (heartbeats do not go through the ce-id ledger). */
    void awaitHeartbeatRecorded(TestRun run, Event<?> heartbeat) {
        Instant at = heartbeat.attributes().time();
        await().atMost(DEADLINE).until(() -> store.find(run.key()).map(TrackedRun::lastHeartbeatAt)
                .filter(last -> !last.isBefore(at)).isPresent());
    }

    private static double openRunsGauge() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("rebound_open_runs{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aNormalRunIsTrackedToCompletionAndRaisesNothing() {
        // a 600 s interval (30 s real threshold): a healthy run must not depend on how fast this test scrapes metrics
        int intervalS = 600;
        TestRun run = TestRun.random(PROCESSOR);
        Instant t0 = now();
        pubsub().publish(run.started(t0, intervalS));
        pubsub().publish(run.heartbeat(t0.plusSeconds(5)));
        awaitState(run, RunState.running);
        assertThat(openRunsGauge()).isEqualTo(store.countRunning()).isPositive();
        Instant last = now();
        pubsub().publish(run.heartbeat(last));
        pubsub().publish(run.completed(last.plusSeconds(1)));
        awaitState(run, RunState.completed);

        letSweepsPass(now(), config.sweepEvery().multipliedBy(5));

        TrackedRun done = stored(run);
        assertThat(done.startedAt()).isEqualTo(t0);
        assertThat(done.duration()).isPresent();
        assertThat(done.heartbeatIntervalS()).isEqualTo(intervalS);
        assertThat(stuckAlerts(run)).isEmpty();
        assertThat(stuckFailures(run)).isEmpty();
    }

    @Test
    void aSilentRunGetsOneStuckAlertAndOneFailedEventWithinThresholdPlusSweep() {
        TestRun run = TestRun.random(PROCESSOR);
        Instant t0 = now();
        pubsub().publish(run.started(t0, INTERVAL_S));
        Event<?> lastBeat = run.heartbeat(now());
        pubsub().publish(lastBeat);

        List<?> alerts = pubsub().awaitType(Topics.PIPELINE_ALERTS, EventType.PROCESSOR_STUCK.ceType(), 1, DEADLINE);
        await().atMost(DEADLINE).until(() -> stuckAlerts(run).size() == 1 && stuckFailures(run).size() == 1);
        assertThat(alerts).isNotEmpty();
        ProcessorStuck alert = (ProcessorStuck) stuckAlerts(run).get(0).data();
        Instant heartbeatAt = lastBeat.attributes().time();
        assertThat(alert.lastHeartbeatAt()).isEqualTo(heartbeatAt);
        assertThat(alert.thresholdS()).isEqualTo(THRESHOLD.toSeconds());
        assertThat(alert.silentForS()).isGreaterThan(alert.thresholdS())
                .isLessThanOrEqualTo(alert.thresholdS() + config.sweepEvery().toSeconds() + SLACK_S);

        Event<?> failedEvent = stuckFailures(run).get(0);
        ProcessorFailed failed = (ProcessorFailed) failedEvent.data();
        assertThat(failed.retryable()).isTrue();
        assertThat(failedEvent.attributes().correlationId())
                .isEqualTo(stuckAlerts(run).get(0).attributes().correlationId())
                .isEqualTo("stuck:" + PROCESSOR + ":" + run.dataDate() + ":" + run.runId());
        assertThat(failedEvent.attributes().source()).isEqualTo("//rebound/heartbeat-tracker");

        // our own failed(reason=stuck) comes back on processor-failures: it must change and publish nothing
        awaitProcessed(failedEvent.id());
        letSweepsPass(now(), config.sweepEvery().multipliedBy(5));
        assertThat(stored(run).state()).isEqualTo(RunState.stuck);
        assertThat(unsentOutboxRows()).isZero();
        assertThat(stuckAlerts(run)).hasSize(1);
        assertThat(stuckFailures(run)).hasSize(1);
        assertThat(lateHeartbeats(run)).isEmpty();
    }

    @Test
    void aRunThatNeverHeartbeatedIsMeasuredFromItsStart() {
        TestRun run = TestRun.random(PROCESSOR);
        Instant startedAt = now();
        pubsub().publish(run.started(startedAt, INTERVAL_S));

        await().atMost(DEADLINE).until(() -> stuckAlerts(run).size() == 1);

        ProcessorStuck alert = (ProcessorStuck) stuckAlerts(run).get(0).data();
        assertThat(alert.lastHeartbeatAt()).as("the last sign of life is the start").isEqualTo(startedAt);
        assertThat(alert.silentForS())
                .isLessThanOrEqualTo(THRESHOLD.toSeconds() + config.sweepEvery().toSeconds() + SLACK_S);
        assertThat(stored(run).lastHeartbeatAt()).isNull();
    }

    @Test
    void aHeartbeatStampedAheadOfTheTrackersClockDoesNotPostponeTheVerdict() {
        TestRun run = TestRun.random(PROCESSOR);
        pubsub().publish(run.started(now(), INTERVAL_S));
        // a producer whose clock runs 4 minutes ahead (inside the allowed skew, so not quarantined)
        Instant ahead = now().plus(Duration.ofMinutes(4));
        Event<?> beat = run.heartbeat(ahead);
        pubsub().publish(beat);
        awaitHeartbeatRecorded(run, beat);

        await().atMost(DEADLINE).until(() -> stuckAlerts(run).size() == 1);

        ProcessorStuck alert = (ProcessorStuck) stuckAlerts(run).get(0).data();
        assertThat(alert.detectedAt()).as("declared long before the time the heartbeat claims").isBefore(ahead);
        assertThat(alert.silentForS())
                .isLessThanOrEqualTo(THRESHOLD.toSeconds() + config.sweepEvery().toSeconds() + SLACK_S);
        assertThat(stored(run).lastHeartbeatAt()).as("what the producer said is kept").isEqualTo(ahead);
        assertThat(stuckAlerts(run)).hasSize(1);
    }

    @Test
    void aHeartbeatAfterTheStuckVerdictIsRecordedAndReportedOnceAndTheRunStaysStuck() {
        TestRun run = TestRun.random(PROCESSOR);
        pubsub().publish(run.started(now(), INTERVAL_S));
        await().atMost(DEADLINE).until(() -> stuckAlerts(run).size() == 1);

        Instant lateAt = now();
        pubsub().publish(run.heartbeat(lateAt));
        await().atMost(DEADLINE).until(() -> lateHeartbeats(run).size() == 1);
        Event<?> second = run.heartbeat(now());
        pubsub().publish(second);
        awaitHeartbeatRecorded(run, second);
        letSweepsPass(now(), config.sweepEvery().multipliedBy(5));

        LateHeartbeat late = (LateHeartbeat) lateHeartbeats(run).get(0).data();
        assertThat(late.heartbeatAt()).isEqualTo(lateAt);
        assertThat(late.stuckDetectedAt()).isEqualTo(stored(run).verdict().detectedAt());
        assertThat(lateHeartbeats(run).get(0).attributes().correlationId())
                .isEqualTo(stored(run).verdict().correlationId());
        assertThat(lateHeartbeats(run)).hasSize(1);
        assertThat(stuckAlerts(run)).hasSize(1);
        TrackedRun stuck = stored(run);
        assertThat(stuck.state()).isEqualTo(RunState.stuck);
        assertThat(stuck.lastHeartbeatAt()).isEqualTo(second.attributes().time());
        assertThat(unsentOutboxRows()).isZero();
    }

    @Test
    void eventsOutOfOrderStillEndInTheRightRecord() {
        TestRun completedFirst = TestRun.random(PROCESSOR);
        Instant t0 = now();
        pubsub().publish(completedFirst.completed(t0.plusSeconds(20)));
        awaitState(completedFirst, RunState.completed);
        Event<?> start = completedFirst.started(t0, INTERVAL_S);
        Event<?> lateBeat = completedFirst.heartbeat(t0.plusSeconds(10));
        pubsub().publish(start);
        pubsub().publish(lateBeat);
        awaitProcessed(start.id());
        awaitHeartbeatRecorded(completedFirst, lateBeat);

        TestRun heartbeatFirst = TestRun.random(PROCESSOR);
        Instant h0 = now();
        pubsub().publish(heartbeatFirst.heartbeat(h0));
        await().atMost(DEADLINE).until(() -> store.find(heartbeatFirst.key()).isPresent());
        pubsub().publish(heartbeatFirst.started(h0.minusSeconds(1), INTERVAL_S));
        await().atMost(DEADLINE).until(() -> stored(heartbeatFirst).intervalFromStart());

        letSweepsPass(h0, THRESHOLD.plus(config.sweepEvery().multipliedBy(3)));
        TrackedRun closed = stored(completedFirst);
        assertThat(closed.state()).isEqualTo(RunState.completed);
        assertThat(closed.startedAt()).isEqualTo(t0);
        assertThat(closed.duration()).contains(Duration.ofSeconds(20));
        assertThat(closed.lastHeartbeatAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(stuckAlerts(completedFirst)).isEmpty();

        TrackedRun created = stored(heartbeatFirst);
        assertThat(created.heartbeatIntervalS()).isEqualTo(INTERVAL_S);
        assertThat(created.startedAt()).isEqualTo(h0.minusSeconds(1));
        assertThat(created.state()).as("it went silent after all").isEqualTo(RunState.stuck);
        assertThat(stuckAlerts(heartbeatFirst)).hasSize(1);
    }

    @Test
    void everyMessageDeliveredTwiceAndResentRaisesNoDuplicateAlert() {
        TestRun run = TestRun.random(PROCESSOR);
        Instant t0 = now();
        Event<?> start = run.started(t0, INTERVAL_S);
        Event<?> beat = run.heartbeat(t0.plusSeconds(1));
        for (Event<?> e : List.of(start, beat)) {
            pubsub().publish(e);
            pubsub().publish(e);
        }
        // the same content again under new ce-ids, as a processor retrying its publish would send it
        pubsub().publish(run.started(t0, INTERVAL_S));
        pubsub().publish(run.heartbeat(t0.plusSeconds(1)));
        await().atMost(DEADLINE).until(() -> stuckAlerts(run).size() == 1 && stuckFailures(run).size() == 1);
        Event<?> lateBeat = run.heartbeat(now());
        pubsub().publish(lateBeat);
        pubsub().publish(lateBeat);
        pubsub().publish(run.heartbeat(lateBeat.attributes().time()));
        await().atMost(DEADLINE).until(() -> lateHeartbeats(run).size() == 1);

        TestRun closed = TestRun.random(PROCESSOR);
        Event<?> closedStart = closed.started(now(), INTERVAL_S);
        Event<?> done = closed.completed(now().plusSeconds(2));
        for (Event<?> e : List.of(closedStart, done, closedStart, done)) {
            pubsub().publish(e);
        }
        pubsub().publish(closed.completed(now().plusSeconds(2)));
        awaitState(closed, RunState.completed);
        letSweepsPass(now(), THRESHOLD.plus(config.sweepEvery().multipliedBy(3)));

        assertThat(stuckAlerts(run)).hasSize(1);
        assertThat(stuckFailures(run)).hasSize(1);
        assertThat(lateHeartbeats(run)).hasSize(1);
        assertThat(stuckAlerts(closed)).isEmpty();
        assertThat(stored(closed).state()).isEqualTo(RunState.completed);
        // heartbeats were deduplicated above by the run's own record alone: they never touch the ce-id ledger,
        // while the other lifecycle events are recorded in it
        assertThat(inLedger(beat.id())).isFalse();
        assertThat(inLedger(lateBeat.id())).isFalse();
        assertThat(inLedger(start.id())).isTrue();
        assertThat(inLedger(done.id())).isTrue();
    }

    private boolean inLedger(String ceId) {
        return !stateStore.query(Sql.of("SELECT ce_id FROM processed_events WHERE consumer = @consumer"
                        + " AND ce_id = @id")
                .bind("consumer", rebound.service().name()).bind("id", ceId)).isEmpty();
    }

    private long unsentOutboxRows() {
        return stateStore.query(Sql.of("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")).get(0).getLong("n");
    }

    @Test
    void aFailureClosesTheRunAndNothingIsRaised() {
        TestRun run = TestRun.random(PROCESSOR);
        Instant t0 = now();
        pubsub().publish(run.started(t0, INTERVAL_S));
        pubsub().publish(run.failed(t0.plusSeconds(2), ProcessorFailed.Reason.ERROR));
        awaitState(run, RunState.failed);
        letSweepsPass(t0, THRESHOLD.plus(config.sweepEvery().multipliedBy(3)));

        assertThat(stored(run).failureReason()).isEqualTo("error");
        assertThat(stuckAlerts(run)).isEmpty();
    }

    @Test
    void aProcessorNameOverItsBoundIsQuarantinedNamingTheBoundNotRetried() throws Exception {
        TestRun run = TestRun.random("P".repeat(300));
        Event<?> started = run.started(now(), INTERVAL_S);
        // the shared publisher would refuse it, as it should: sent raw, the way an outside processor would
        pubsub().publish(Topics.PROCESSOR_HEARTBEATS, new EncodedMessage(
                Json.mapper().writeValueAsBytes(started.data()), started.attributes().toMap()));

        await().atMost(DEADLINE).until(() -> !quarantined(started.id()).isEmpty());
        Map<String, String> quarantine = quarantined(started.id()).get(0).getMessage().getAttributesMap();
        assertThat(quarantine.get(Quarantine.PATH)).isEqualTo("data.processor");
        assertThat(quarantine.get(Quarantine.REASON)).contains("must be at most 128 characters long");
        assertThat(quarantine.get(Quarantine.CONSUMER)).isEqualTo("heartbeat-tracker");
        // acknowledged, so never redelivered: the next message on the same subscription is handled, and it was
        // quarantined exactly once
        TestRun next = TestRun.random(PROCESSOR);
        pubsub().publish(next.started(now(), INTERVAL_S));
        awaitState(next, RunState.running);
        assertThat(quarantined(started.id())).hasSize(1);
        assertThat(store.find(run.key())).isEmpty();
    }

    static List<ReceivedMessage> quarantined(String ceId) {
        return pubsub().received(Topics.QUARANTINE,
                a -> ceId.equals(a.get(Quarantine.ORIGINAL_PREFIX + EventAttributes.ID)));
    }

    @Test
    void operatorEndpointsListRunsStuckRunsAndProcessorHealth() {
        String processor = "OperatorViewProcessor";
        TestRun finished = TestRun.random(processor);
        TestRun silent = TestRun.random(processor);
        Instant t0 = now();
        pubsub().publish(finished.started(t0, INTERVAL_S));
        pubsub().publish(finished.completed(t0.plusSeconds(40)));
        pubsub().publish(silent.started(t0, INTERVAL_S));
        awaitState(finished, RunState.completed);
        await().atMost(DEADLINE).until(() -> stuckAlerts(silent).size() == 1);

        given().queryParam("processor", processor).queryParam("state", "completed").queryParam("date", "2026-01-22")
                .when().get("/runs").then().log().ifValidationFails().statusCode(200).contentType(ContentType.JSON)
                .body("size()", equalTo(1)).body("[0].run_id", equalTo(finished.runId()))
                .body("[0].duration_s", equalTo(40.0f));
        List<String> stuck = given().when().get("/runs/stuck").then().statusCode(200)
                .extract().jsonPath().getList("run_id");
        assertThat(stuck).contains(silent.runId()).doesNotContain(finished.runId());
        given().when().get("/processors/health").then().statusCode(200)
                .body("find { it.processor == '" + processor + "' }.last_success.run_id", equalTo(finished.runId()))
                .body("find { it.processor == '" + processor + "' }.last_failure.reason", equalTo("stuck"))
                .body("find { it.processor == '" + processor + "' }.current_run.run_id", equalTo(silent.runId()))
                .body("find { it.processor == '" + processor + "' }.p50_duration_s", equalTo(40.0f))
                .body("find { it.processor == '" + processor + "' }.p95_duration_s", equalTo(40.0f))
                .body("find { it.processor == 'PredictionCoordinator' }.in_topology", equalTo(true));
        given().queryParam("state", "zombie").when().get("/runs").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.startsWith("state must"));
        given().when().post("/tasks/sweep").then().statusCode(200).contentType(ContentType.JSON)
                .body("running_runs", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }
}
