package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.forecast.DeadlineEpisode;
import dev.rebound.coveragemonitor.messaging.RunProgressHandler;
import dev.rebound.coveragemonitor.store.DeadlineEpisodeStore;
import dev.rebound.coveragemonitor.store.RunProgressStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.Json;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline forecast loop on a real PostgreSQL store with the shipped pipeline, each evaluation made by a fresh
 * instance (its own objects, as another process or a restart would have) whose clock stands at the evaluation's
 * instant. Every upstream run of the day has completed; MLFeatureStoreProcessor is running and heartbeating. Its
 * pace decides: too slow to land before tip-off minus the 30 min margin → one at-risk warning after the verdict held
 * for confirm_for (10 min), a recovery once its pace catches up; a healthy pace → nothing; redelivered heartbeats
 * and repeated evaluations → nothing more.
 */
class DeadlineWatchTest {
    private static final LocalDate DAY = LocalDate.parse("2026-02-10");
    private static final Instant FIRST_TIPOFF = Instant.parse("2026-02-11T00:00:00Z");
    private static final String MLFS = "MLFeatureStoreProcessor";
    private static final String RUN = "run-mlfs-1";
    private static final String AT_RISK = EventType.DEADLINE_AT_RISK.ceType();
    private static final String RECOVERED = EventType.DEADLINE_RECOVERED.ceType();

    private final PostgresFixture fixture = PostgresFixture.create();
    private final RunProgressHandler heartbeats = new RunProgressHandler(new RunProgressStore(fixture.store));
    private final List<Event<?>> delivered = new ArrayList<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Instant at(String time) {
        return Instant.parse(DAY + "T" + time + ":00Z");
    }

    @BeforeEach
    void upstreamOfTheFeaturesHasLanded() {
        new Slate(fixture.store).games(DAY, List.of(new Slate.Game("BOS", "BKN", FIRST_TIPOFF, 13),
                new Slate.Game("TOR", "POR", FIRST_TIPOFF.plusSeconds(3 * 3600), 13)), Set.of());
        RunStore runs = new RunStore(fixture.store);
        Map<String, LocalDate> upstream = Map.of("PlayerGameSummaryProcessor", DAY.minusDays(1),
                "EspnTeamRosterProcessor", DAY, "PlayerDailyCacheProcessor", DAY,
                "UpcomingPlayerGameContextProcessor", DAY, "PlayerCompositeFactorsProcessor", DAY);
        upstream.forEach((processor, date) -> {
            deliver(new ProcessorStarted(processor, "run-" + processor, date, at("10:00"), 60, RunTrigger.SCHEDULED));
            runs.record(new RunRecord(processor, date, "run-" + processor, RunStatus.COMPLETED, at("11:00"), 100L,
                    null, null, null));
        });
        deliver(new ProcessorStarted(MLFS, RUN, DAY, at("12:00"), 60, RunTrigger.SCHEDULED));
        heartbeat("12:10", 1);
    }

    /** Hands an event to the service's handler as the push endpoint does: inside the message's transaction. */
    private void deliver(EventPayload payload) {
        Event<?> event = Event.of("//tests/deadline", Instant.parse(DAY + "T09:00:00Z"), payload, null);
        delivered.add(event);
        fixture.store.inTransaction(() -> {
            heartbeats.handle(event);
            return null;
        });
    }

    private void heartbeat(String time, long done) {
        deliver(new ProcessorHeartbeat(MLFS, RUN, DAY, at(time), new ProcessorHeartbeat.Progress(done, 100)));
    }

    /** A heartbeat at {@code time}, then an evaluation of the day by a new instance at that instant. */
    private void heartbeatAndEvaluate(String time, long done) {
        heartbeat(time, done);
        fixture.deadlineWatch(PostgresFixture.at(at(time))).evaluateWatchedDates();
    }

    private <T> List<T> queued(String ceType, Class<T> type) {
        return rows(ceType).stream().map(r -> decode(r, type)).toList();
    }

    private List<Row> rows(String ceType) {
        return fixture.store.query(Sql.of("SELECT event_id, data, attributes, ordering_key FROM outbox"
                + " WHERE ce_type = @t ORDER BY id").bind("t", ceType));
    }

    private static String correlationId(Row r) {
        try {
            return Json.mapper().readTree(r.getString("attributes")).path("correlation_id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T decode(Row r, Class<T> type) {
        try {
            return Json.mapper().readValue((byte[]) r.get("data"), type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private DeadlineEpisode episode() {
        return fixture.store.inTransaction(() -> new DeadlineEpisodeStore(fixture.store).lock(DAY, at("00:00")));
    }

    @Test
    void aSlowButAliveRunIsWarnedOnceThenRecoversWhenItsPaceCatchesUp() {
        heartbeatAndEvaluate("18:00", 10);
        assertThat(rows(AT_RISK)).as("the verdict must hold for confirm_for first").isEmpty();
        heartbeatAndEvaluate("18:10", 11);

        List<DeadlineAtRisk> warnings = queued(AT_RISK, DeadlineAtRisk.class);
        assertThat(warnings).hasSize(1);
        DeadlineAtRisk w = warnings.get(0);
        assertThat(w.gameDate()).isEqualTo(DAY);
        assertThat(w.cause()).isEqualTo(DeadlineAtRisk.Cause.SLOW_PROGRESS);
        assertThat(w.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(w.phase()).isEqualTo("predictions");
        assertThat(w.games()).extracting(DeadlineAtRisk.Game::gameId)
                .containsExactly("20260210_BOS_BKN", "20260210_TOR_POR");
        assertThat(w.deadline()).isEqualTo(FIRST_TIPOFF.minusSeconds(30 * 60));
        assertThat(w.safetyMarginS()).isEqualTo(1800);
        assertThat(w.predictedLanding().expected()).isAfter(w.deadline());
        assertThat(w.predictedLanding().p95()).isAfterOrEqualTo(w.predictedLanding().expected());
        assertThat(w.criticalRun().processor()).isEqualTo(MLFS);
        assertThat(w.criticalRun().state()).isEqualTo(DeadlineAtRisk.RunState.RUNNING);
        assertThat(w.criticalRun().runId()).isEqualTo(RUN);
        assertThat(w.criticalRun().progress()).isEqualTo(new ProcessorHeartbeat.Progress(11, 100));
        assertThat(w.criticalPath()).extracting(DeadlineAtRisk.PathStep::processor)
                .containsExactly(MLFS, "PredictionCoordinator");
        assertThat(w.detectedAt()).isEqualTo(at("18:10"));
        Row row = rows(AT_RISK).get(0);
        assertThat(row.getString("event_id"))
                .isEqualTo("deadline/2026-02-10/1/at-risk/slow_progress:" + MLFS + ":2026-02-10/critical");
        assertThat(correlationId(row)).isEqualTo("deadline:2026-02-10:1");
        assertThat(row.getString("ordering_key")).isEqualTo("deadline/2026-02-10");

        // the warning comes back on pipeline-alerts: an incident of the slow processor, which pages nobody
        alertBack(w, correlationId(row));
        assertThat(incidentChanges()).containsExactly("opened warning processor:" + MLFS);

        heartbeatAndEvaluate("18:20", 98);
        assertThat(rows(RECOVERED)).as("safe must hold for confirm_for too").isEmpty();
        heartbeatAndEvaluate("18:30", 99);
        List<DeadlineRecovered> recoveries = queued(RECOVERED, DeadlineRecovered.class);
        assertThat(recoveries).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(DeadlineRecovered.Outcome.ON_TRACK);
            assertThat(r.predictedLanding().p95()).isBefore(r.deadline());
            assertThat(r.recoveredAt()).isEqualTo(at("18:30"));
        });
        assertThat(rows(RECOVERED).get(0).getString("event_id")).isEqualTo("deadline/2026-02-10/1/recovered");
        assertThat(correlationId(rows(RECOVERED).get(0))).isEqualTo("deadline:2026-02-10:1");
        assertThat(queued(AT_RISK, DeadlineAtRisk.class)).hasSize(1);
        assertThat(episode().status()).isEqualTo(DeadlineEpisode.EpisodeStatus.QUIET);

        alertBack(recoveries.get(0), "deadline:2026-02-10:1");
        assertThat(incidentChanges()).containsExactly("opened warning processor:" + MLFS,
                "resolved warning processor:" + MLFS);
    }

    @Test
    void redeliveredHeartbeatsAndRepeatedEvaluationsWarnNoMore() {
        heartbeatAndEvaluate("18:00", 10);
        heartbeatAndEvaluate("18:10", 11);
        assertThat(rows(AT_RISK)).hasSize(1);

        List<Event<?>> again = List.copyOf(delivered);
        again.forEach(e -> fixture.store.inTransaction(() -> {
            heartbeats.handle(e);
            return null;
        }));
        fixture.deadlineWatch(PostgresFixture.at(at("18:10"))).evaluateWatchedDates();
        heartbeatAndEvaluate("18:11", 11);
        heartbeatAndEvaluate("18:25", 12);

        assertThat(rows(AT_RISK)).hasSize(1);
        assertThat(rows(RECOVERED)).isEmpty();
        assertThat(episode().status()).isEqualTo(DeadlineEpisode.EpisodeStatus.AT_RISK);
    }

    @Test
    void aHealthyDayRaisesNothing() {
        heartbeatAndEvaluate("12:30", 45);
        heartbeatAndEvaluate("12:40", 60);
        heartbeatAndEvaluate("12:50", 75);

        assertThat(rows(AT_RISK)).isEmpty();
        assertThat(rows(RECOVERED)).isEmpty();
        assertThat(episode().status()).isEqualTo(DeadlineEpisode.EpisodeStatus.QUIET);
        assertThat(episode().seq()).isZero();
    }

    /** Hands one of the service's own deadline events back to it, as pipeline-alerts delivers it. */
    private void alertBack(EventPayload payload, String correlationId) {
        var handler = fixture.pipelineAlertsHandler(PostgresFixture.at(at("18:30")));
        Event<?> event = Event.of("//tests/deadline", at("18:30"), payload, correlationId);
        fixture.store.inTransaction(() -> {
            handler.handle(event);
            return null;
        });
    }

    /** The incident events queued, as (change, severity, root cause). */
    private List<String> incidentChanges() {
        return fixture.store.query(Sql.of("SELECT data FROM outbox WHERE ce_type LIKE 'pipeline.incident.%'"
                + " ORDER BY id")).stream().map(r -> {
                    var node = decode(r, com.fasterxml.jackson.databind.JsonNode.class);
                    return node.path("change").asText() + " " + node.path("severity").asText() + " "
                            + node.path("root_cause").asText();
                }).toList();
    }
}
