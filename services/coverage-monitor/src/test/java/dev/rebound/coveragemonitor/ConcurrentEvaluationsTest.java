package dev.rebound.coveragemonitor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.coveragemonitor.config.CoverageSettings;
import dev.rebound.coveragemonitor.messaging.CoverageAnnouncer;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.PipelineAlertStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Instances evaluating one date at the same moment: Cloud Scheduler's POST /tasks/evaluate on this instance, the
 * timer's evaluation on a replica (its own objects over the same state store, as another process would have) and
 * on this instance, released together round after round. Each gap is announced once and resolved once, as the
 * outbox holds them and as the real emulator receives them.
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(GameDayClockProfile.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service",
        value = "coverage-monitor"))
class ConcurrentEvaluationsTest {
    /** Tomorrow by the profile's clock: a date both the task and the timer always evaluate. */
    private static final LocalDate DAY = LocalDate.parse("2026-02-11");
    private static final Instant FIRST_TIPOFF = Instant.parse("2026-02-12T00:00:00Z");
    private static final List<String> GAP_GAMES = List.of("20260211_DAL_HOU", "20260211_UTA_SAS");
    private static final int ROUNDS = 4;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    StateStore store;
    @Inject
    PipelineWarehouse warehouse;
    @Inject
    Topology topology;
    @Inject
    CoverageAnnouncer announcer;
    @Inject
    ScenarioClock clock;
    @Inject
    CoverageSettings settings;
    @Inject
    SimTimers timers;
    @Inject
    CoverageEvaluator evaluator;

    private CoverageEvaluator replica() {
        GapAlertStore alerts = new GapAlertStore(store);
        RunStore runs = new RunStore(store);
        GapAlerter alerter = new GapAlerter(topology, alerts, announcer, runs, new PipelineAlertStore(store), store);
        return new CoverageEvaluator(warehouse, topology, alerter, alerts, runs, announcer, store, clock, settings,
                timers);
    }

    private static void evaluateAtOnce(List<Callable<?>> evaluations) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(evaluations.size());
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(evaluations.size());
                List<Future<?>> running = evaluations.stream().map(e -> pool.submit(() -> {
                    start.await();
                    return e.call();
                })).collect(Collectors.toList());
                for (Future<?> f : running) {
                    f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Distinct messages of one type for the date, by game (the probe may see a message twice). */
    private static <T> Map<String, List<T>> received(String ceType, Class<T> type, Function<T, LocalDate> date,
            Function<T, String> game) {
        Map<String, ReceivedMessage> byMessageId = PubSubEmulatorResource.client()
                .receivedOfType(Topics.PIPELINE_ALERTS, ceType).stream()
                .collect(Collectors.toMap(m -> m.getMessage().getMessageId(), m -> m, (a, b) -> a));
        return byMessageId.values().stream()
                .map(m -> type.cast(PubSubEmulatorResource.client().decode(m).data()))
                .filter(e -> date.apply(e).equals(DAY))
                .collect(Collectors.groupingBy(game));
    }

    private Map<String, List<CoverageGap>> gaps() {
        return received(EventType.COVERAGE_GAP.ceType(), CoverageGap.class, CoverageGap::gameDate,
                CoverageGap::gameId);
    }

    private Map<String, List<CoverageResolved>> resolutions() {
        return received(EventType.COVERAGE_RESOLVED.ceType(), CoverageResolved.class, CoverageResolved::gameDate,
                CoverageResolved::gameId);
    }

    private List<String> queued(String ceType) {
        return store.query(Sql.of("SELECT event_id FROM outbox WHERE ce_type = @t AND event_id LIKE @day"
                        + " ORDER BY event_id").bind("t", ceType).bind("day", "coverage-gap/" + DAY + "/%"))
                .stream().map(r -> r.getString("event_id")).toList();
    }

    private boolean relayed() {
        return store.query(Sql.of("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")).get(0).getLong("n") == 0;
    }

    private List<String> alertStates() {
        return store.query(Sql.of("SELECT state, seq FROM coverage_gap_alerts WHERE game_date = @d ORDER BY game_id")
                        .bind("d", DAY))
                .stream().map(r -> r.getString("state") + "#" + r.getInt("seq")).toList();
    }

    @Test
    void instancesEvaluatingAtOnceAnnounceEachGapOnceAndResolveItOnce() throws Exception {
        Slate slate = new Slate(store);
        slate.rosters(Map.of("CHA", DAY, "CHI", DAY, "DAL", DAY, "HOU", DAY, "UTA", DAY, "SAS", DAY));
        slate.games(DAY, List.of(new Slate.Game("CHA", "CHI", FIRST_TIPOFF, 12),
                new Slate.Game("DAL", "HOU", FIRST_TIPOFF.plusSeconds(1800), 3),
                new Slate.Game("UTA", "SAS", FIRST_TIPOFF.plusSeconds(3600), 0)), Set.of());
        RunStore runs = new RunStore(store);
        for (String phase : List.of("UpcomingPlayerGameContextProcessor", "PlayerCompositeFactorsProcessor",
                "MLFeatureStoreProcessor", "PredictionCoordinator")) {
            runs.record(new RunRecord(phase, DAY, "run-" + phase + "-0211", RunStatus.COMPLETED, clock.instant(),
                    100L, null, null, null));
        }
        CoverageEvaluator replica = replica();
        List<Callable<?>> evaluations = List.of(
                () -> given().when().post("/tasks/evaluate").then().statusCode(200),
                replica::evaluateWatchedDates,
                evaluator::evaluateWatchedDates);

        evaluateAtOnce(evaluations);

        assertThat(alertStates()).containsExactly("OPEN#1", "OPEN#1");
        assertThat(queued(EventType.COVERAGE_GAP.ceType())).containsExactly(
                "coverage-gap/2026-02-11/20260211_DAL_HOU/predictions/1/raised",
                "coverage-gap/2026-02-11/20260211_UTA_SAS/predictions/1/raised");
        await().atMost(WAIT).until(() -> relayed() && gaps().keySet().containsAll(GAP_GAMES));
        assertThat(gaps()).containsOnlyKeys(GAP_GAMES).allSatisfy((game, announced) ->
                assertThat(announced).as(game).hasSize(1));

        for (String gameId : GAP_GAMES) {
            String home = gameId.substring(gameId.lastIndexOf('_') + 1);
            slate.predictions(DAY, gameId, Slate.players(home).subList(0, 10));
        }
        evaluateAtOnce(evaluations);

        assertThat(alertStates()).containsExactly("RESOLVED#1", "RESOLVED#1");
        assertThat(queued(EventType.COVERAGE_RESOLVED.ceType())).containsExactly(
                "coverage-gap/2026-02-11/20260211_DAL_HOU/predictions/1/resolved",
                "coverage-gap/2026-02-11/20260211_UTA_SAS/predictions/1/resolved");
        await().atMost(WAIT).until(() -> relayed() && resolutions().keySet().containsAll(GAP_GAMES));
        assertThat(resolutions()).containsOnlyKeys(GAP_GAMES).allSatisfy((game, resolved) -> {
            assertThat(resolved).as(game).hasSize(1);
            assertThat(resolved.get(0).players()).isEqualTo(10);
        });
        assertThat(gaps()).containsOnlyKeys(GAP_GAMES).allSatisfy((game, announced) ->
                assertThat(announced).as(game).hasSize(1));
    }
}
