package dev.rebound.pipelinesimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.TraceContext;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.gcs.GcsNotificationCodec;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator against the real emulator and PostgreSQL: scheduled runs publish started, heartbeats and completed and write
 * rows from fresh rosters only; landed files arrive as real GCS notifications; triggers and scraper completions start
 * runs; a scripted failure fails, the next attempt succeeds; a slow run reports progress at its slow pace.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(SimulatedWorldTest.Profile.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "pipeline-simulator"))
class SimulatedWorldTest {
    static final LocalDate D = LocalDate.parse("2026-01-23");
    static final Duration DEADLINE = Duration.ofSeconds(30);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebound.simulator.scenario", "src/test/resources/scenarios/two-teams.yaml",
                    "rebound.clock.mode", "scenario", "rebound.clock.start", "2026-01-23T12:00:00Z",
                    "rebound.clock.speed", "120");
        }
    }

    @Inject
    PipelineWarehouse warehouse;

    @BeforeAll
    static void subscribeTheSimulator() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        PubSubTestClient client = PubSubEmulatorResource.client();
        String push = "http://127.0.0.1:" + port + "/pubsub/push";
        client.admin().createSubscription("pipeline-simulator--processor-triggers", Topics.PROCESSOR_TRIGGERS, push, 10);
        client.admin().createSubscription("pipeline-simulator--scraper-completions", Topics.SCRAPER_COMPLETIONS, push, 10);
    }

    private long rows(String table, String dateColumn) {
        return warehouse.query(Sql.of("SELECT COUNT(*) AS n FROM " + table + " WHERE " + dateColumn + " = @d")
                .bind("d", D)).get(0).getLong("n");
    }

    @Test
    void aScheduledRunAnswersLikeARealProcessorAndStaleRostersContributeNobody() {
        PubSubTestClient client = PubSubEmulatorResource.client();
        List<ReceivedMessage> started = client.awaitType(Topics.PROCESSOR_HEARTBEATS, EventType.PROCESSOR_STARTED.ceType(),
                1, DEADLINE);
        Event<?> first = client.decode(started.get(0));
        assertThat(first.data()).isInstanceOfSatisfying(ProcessorStarted.class, s -> {
            assertThat(s.processor()).isEqualTo("UpcomingPlayerGameContextProcessor");
            assertThat(s.heartbeatIntervalS()).isEqualTo(60);
            assertThat(s.trigger()).isEqualTo(RunTrigger.SCHEDULED);
        });
        client.awaitType(Topics.PROCESSOR_HEARTBEATS, EventType.PROCESSOR_HEARTBEAT.ceType(), 3, DEADLINE);
        client.awaitType(Topics.PROCESSOR_COMPLETIONS, EventType.PROCESSOR_COMPLETED.ceType(), 1, DEADLINE);
        // BOS and BKN are fresh (18 players over two games: BOS plays both); POR's roster is 9 days old
        assertThat(warehouse.query(Sql.of("SELECT COUNT(*) AS n FROM nba_analytics.upcoming_player_game_context "
                + "WHERE game_date = @d AND team_abbr = 'POR'").bind("d", D)).get(0).getLong("n")).isZero();
        assertThat(rows("nba_analytics.upcoming_player_game_context", "game_date")).isEqualTo(27);
    }

    @Test
    void landedFilesArriveAsCloudStorageNotificationsAndABridgedCompletionLoadsThem() {
        PubSubTestClient client = PubSubEmulatorResource.client();
        await().atMost(DEADLINE).until(() -> client.received(Topics.GCS_OBJECT_NOTIFICATIONS,
                a -> GcsNotification.OBJECT_FINALIZE.equals(a.get("eventType"))).size() >= 2);
        ReceivedMessage m = client.received(Topics.GCS_OBJECT_NOTIFICATIONS).get(0);
        GcsNotification n = new GcsNotificationCodec(new EventCodec()).decode(m.getMessage().getData().toByteArray(),
                m.getMessage().getAttributesMap());
        assertThat(n.bucketId()).isEqualTo("nba-scraped-data");
        assertThat(n.objectId()).matches("espn/rosters/2026-01-23/team_(BOS|POR)\\.json");
        assertThat(n.object().name()).isEqualTo(n.objectId());

        client.publish(Event.of("//rebound/roster-watcher", Instant.parse("2026-01-23T12:03:00Z"),
                new ScraperCompleted("espn_team_roster", D, Instant.parse("2026-01-23T12:03:00Z"),
                        List.of("gs://nba-scraped-data/espn/rosters/2026-01-23/team_POR.json"),
                        ScraperCompleted.Source.GCS_NOTIFICATION), null));
        await().atMost(DEADLINE).until(() -> warehouse.query(Sql.of("SELECT COUNT(*) AS n FROM nba_raw.espn_team_rosters "
                + "WHERE team_abbr = 'POR' AND roster_date = @d").bind("d", D)).get(0).getLong("n") == 7);
    }

    @Test
    void aTriggeredRunFailsAsScriptedThenSucceedsOnTheNextAttempt() {
        PubSubTestClient client = PubSubEmulatorResource.client();
        TraceContext repair = trigger(1);
        List<ReceivedMessage> failed = client.awaitType(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED.ceType(),
                1, DEADLINE);
        // the failure is sent from a timer a sim minute later, still in the trace of the trigger that started it
        assertThat(TraceContext.parse(failed.get(0).getMessage().getAttributesMap().get(TraceContext.ATTRIBUTE)))
                .hasValueSatisfying(t -> assertThat(t.traceId()).isEqualTo(repair.traceId()));
        assertThat(client.decode(failed.get(0)).data()).isInstanceOfSatisfying(ProcessorFailed.class, f -> {
            assertThat(f.processor()).isEqualTo("PredictionCoordinator");
            assertThat(f.reason()).isEqualTo(ProcessorFailed.Reason.ERROR);
            assertThat(f.message()).isEqualTo("model server unavailable");
        });
        await().atMost(DEADLINE).until(() -> rows("nba_analytics.upcoming_player_game_context", "game_date") > 0);
        trigger(2);
        await().atMost(DEADLINE).until(() -> client.receivedOfType(Topics.PROCESSOR_COMPLETIONS,
                EventType.PROCESSOR_COMPLETED.ceType()).stream().map(client::decode)
                .anyMatch(e -> e.attributes().processor().equals("PredictionCoordinator")));
        assertThat(rows("nba_predictions.player_prop_predictions", "game_date"))
                .isEqualTo(rows("nba_analytics.upcoming_player_game_context", "game_date"));
    }

    @Test
    void aSlowRunHeartbeatsWithProgressAtThePaceThatFinishesItLate() {
        PubSubTestClient client = PubSubEmulatorResource.client();
        LocalDate slowDate = D.plusDays(1);
        long wholeMs = Duration.ofHours(10).toMillis();
        long intervalMs = Duration.ofSeconds(60).toMillis();
        await().atMost(DEADLINE).until(() -> heartbeatsOf(client, slowDate).size() >= 4);
        Instant startedAt = client.receivedOfType(Topics.PROCESSOR_HEARTBEATS, EventType.PROCESSOR_STARTED.ceType())
                .stream().map(m -> client.decode(m).data()).filter(ProcessorStarted.class::isInstance)
                .map(ProcessorStarted.class::cast).filter(st -> st.dataDate().equals(slowDate)).findFirst()
                .orElseThrow().startedAt();
        List<ProcessorHeartbeat> beats = heartbeatsOf(client, slowDate);
        long previous = -1;
        for (ProcessorHeartbeat beat : beats) {
            assertThat(beat.progress()).as("every beat of a slow run carries its progress").isNotNull();
            assertThat(beat.progress().total()).isEqualTo(SlowProgress.TOTAL);
            long elapsedMs = Duration.between(startedAt, beat.at()).toMillis();
            // counted at most two intervals before the beat (one by design, one for a loaded machine), never after it
            assertThat(beat.progress().done()).isGreaterThan(previous)
                    .isLessThanOrEqualTo(SlowProgress.TOTAL * elapsedMs / wholeMs)
                    .isGreaterThanOrEqualTo(SlowProgress.TOTAL * (elapsedMs - 2 * intervalMs) / wholeMs);
            previous = beat.progress().done();
        }
        assertThat(client.receivedOfType(Topics.PROCESSOR_COMPLETIONS, EventType.PROCESSOR_COMPLETED.ceType())
                .stream().map(client::decode).map(Event::data)).noneMatch(c -> c instanceof ProcessorCompleted pc
                        && pc.dataDate().equals(slowDate));
    }

    private static List<ProcessorHeartbeat> heartbeatsOf(PubSubTestClient client, LocalDate date) {
        return client.receivedOfType(Topics.PROCESSOR_HEARTBEATS, EventType.PROCESSOR_HEARTBEAT.ceType()).stream()
                .map(m -> client.decode(m).data()).filter(ProcessorHeartbeat.class::isInstance)
                .map(ProcessorHeartbeat.class::cast).filter(h -> h.dataDate().equals(date))
                .sorted(java.util.Comparator.comparing(ProcessorHeartbeat::at)).toList();
    }

    private TraceContext trigger(int attempt) {
        Instant now = Instant.parse("2026-01-23T12:10:00Z");
        TraceContext trace = TraceContext.newRoot();
        PubSubEmulatorResource.client().publish(Event.of(UUID.randomUUID().toString(),
                "//rebound/backfill-orchestrator", now, new ProcessorTrigger("PredictionCoordinator", D, "test",
                        "bf-test", attempt, now), "corr-1", Map.of(TraceContext.ATTRIBUTE, trace.traceparent())));
        return trace;
    }
}
