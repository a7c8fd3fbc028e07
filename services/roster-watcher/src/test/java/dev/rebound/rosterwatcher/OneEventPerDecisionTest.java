package dev.rebound.rosterwatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.rosterwatcher.store.InputAlertStore;
import dev.rebound.rosterwatcher.store.RosterTable;
import dev.rebound.rosterwatcher.store.RosterVerdictStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.observability.EventObservability;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.outbox.OutboxRelayWorker;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each decision — a batch of objects, a stale or recovered roster verdict, a stale input — is published as exactly
 * one event, with two instances running the same timers and receiving the same notifications at once, and when an
 * instance fails between its decision and its commit. "Another instance" is a second set of the service's beans over
 * the same state store and outbox; everything goes through the real database, the outbox relay and the emulator.
 * Each test owns its data dates (this class shares its application, database and emulator project with the
 * module's other test classes that have the same test resources).
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "roster-watcher"))
class OneEventPerDecisionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final LocalDate TODAY = LocalDate.parse("2026-01-23");
    private static final LocalDate YESTERDAY = LocalDate.parse("2026-01-22");
    private static final LocalDate BRIDGED = LocalDate.parse("2026-01-18");
    private static final List<String> STALE_TEAMS = List.of("POR", "SAC", "DEN", "TOR");

    @Inject
    ScraperBridge bridge;
    @Inject
    MissingInputCheck missingInputs;
    @Inject
    NotificationBacklog backlog;
    @Inject
    RosterFreshnessMonitor freshness;
    @Inject
    Topology topology;
    @Inject
    BridgeObjectStore objects;
    @Inject
    InputAlertStore inputAlerts;
    @Inject
    RosterTable rosterTable;
    @Inject
    RosterVerdictStore verdicts;
    @Inject
    StateStore store;
    @Inject
    Outbox outbox;
    @Inject
    EventPublisher publisher;
    @Inject
    ScenarioClock clock;
    @Inject
    RosterWatcherConfig config;
    @Inject
    EventCodec codec;
    @Inject
    EventObservability observability;
    @Inject
    OutboxRelayWorker relay;

    private final ExecutorService pool = Executors.newFixedThreadPool(5);

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    private static List<Event<?>> received(String topic, EventType type) {
        return pubsub().receivedOfType(topic, type.ceType()).stream().<Event<?>>map(m -> pubsub().decode(m)).toList();
    }

    /** Alerts this test caused: earlier tests' alerts carry earlier (sim) times. */
    private static List<Event<?>> receivedSince(EventType type, Instant since) {
        return received(Topics.PIPELINE_ALERTS, type).stream().filter(e -> !e.attributes().time().isBefore(since))
                .toList();
    }

    @Test
    void twoInstancesRunningTheSameTimersAndReceivingTheSameNotificationsPublishEachDecisionOnce() throws Exception {
        ScraperBridge otherBridge = new ScraperBridge(topology, objects, store, outbox, publisher, clock,
                new BridgeStats(), backlog);
        MissingInputCheck otherInputs = new MissingInputCheck(topology, objects, inputAlerts, store, outbox, publisher,
                clock, config, backlog);
        RosterFreshnessMonitor otherFreshness = new RosterFreshnessMonitor(topology, rosterTable, verdicts, store,
                outbox, publisher, clock, config);
        RosterRows.noRostersAndNoVerdictYet(store, DEADLINE);
        RosterRows.seed(store, GcsNotifications.TEAMS.stream().filter(t -> !STALE_TEAMS.contains(t)).toList(),
                YESTERDAY);
        RosterRows.seed(store, STALE_TEAMS, TODAY.minusDays(9));
        Instant started = clock.instant();
        long generation = 1769600000000001L;

        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> workers = new ArrayList<>();
        // both instances' timers, and Cloud Scheduler calling this instance, all at once and again and again
        workers.add(pool.submit(() -> repeatUntil(done, () -> {
            bridge.flushDue();
            missingInputs.check();
            freshness.check();
        })));
        workers.add(pool.submit(() -> repeatUntil(done, () -> {
            otherBridge.flushDue();
            otherInputs.check();
            otherFreshness.check();
        })));
        workers.add(pool.submit(() -> repeatUntil(done, () -> {
            given().when().post("/tasks/bridge-check").then().statusCode(200);
            given().when().post("/tasks/freshness-check").then().statusCode(200);
        })));
        // the same 30 notifications reach this instance through Pub/Sub and the other instance directly
        workers.add(pool.submit(() -> GcsNotifications.allTeams(BRIDGED, generation)
                .forEach(m -> pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, m))));
        workers.add(pool.submit(() -> GcsNotifications.TEAMS.forEach(team -> otherBridge.accept(
                GcsNotifications.notification(GcsNotification.OBJECT_FINALIZE, GcsNotifications.BUCKET,
                        GcsNotifications.rosterObject(BRIDGED, team), generation)))));

        await().atMost(DEADLINE).until(() -> noneFailed(workers) && arrivedRows(BRIDGED) == 30
                && pendingRows(BRIDGED) == 0
                && !receivedSince(EventType.ROSTER_STALE, started).isEmpty());
        // the roster processor refreshes the stale teams while the checks keep running
        RosterRows.seed(store, STALE_TEAMS, TODAY);
        await().atMost(DEADLINE).until(() -> noneFailed(workers)
                && !receivedSince(EventType.ROSTER_RECOVERED, started).isEmpty());
        done.set(true);
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }
        await().atMost(DEADLINE).until(() -> unsentOutboxRows() == 0);

        // every batch decided (a batch id on the rows) is one completion with exactly that batch's objects, and
        // every object version is in exactly one completion
        Map<String, Set<String>> batches = batchesOf(BRIDGED);
        await().atMost(DEADLINE).during(Duration.ofSeconds(2))
                .until(() -> completionsOf(BRIDGED).size() == batches.size());
        List<Event<?>> completions = completionsOf(BRIDGED);
        assertThat(completions).extracting(Event::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(batches.keySet());
        completions.forEach(e -> assertThat(((ScraperCompleted) e.data()).objects()).as("objects of batch %s", e.id())
                .containsExactlyInAnyOrderElementsOf(batches.get(e.id())));
        assertThat(completions.stream().flatMap(e -> ((ScraperCompleted) e.data()).objects().stream()))
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(GcsNotifications.gsPaths(BRIDGED));

        // one stale alert for the one stale verdict, one recovery for the one recovery
        assertThat(receivedSince(EventType.ROSTER_STALE, started)).singleElement()
                .satisfies(e -> assertThat(((RosterStale) e.data()).stale()).extracting(RosterStale.StaleTeam::teamAbbr)
                        .containsExactlyInAnyOrderElementsOf(STALE_TEAMS));
        assertThat(receivedSince(EventType.ROSTER_RECOVERED, started)).singleElement()
                .satisfies(e -> assertThat(verdicts.last(freshness.rosters().check()).orElseThrow().eventId())
                        .isEqualTo(e.id()));

        // one input-stale alert per recorded verdict (of every test so far: they share the database and the topic);
        // no test writes objects for the 20th, 21st or 23rd: one no_objects alert each
        List<Event<?>> inputStale = received(Topics.PIPELINE_ALERTS, EventType.INPUT_STALE);
        assertThat(inputStale).extracting(Event::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(store.query(Sql.of("SELECT event_id FROM"
                        + " roster_bridge_input_alerts")).stream().map(r -> r.getString("event_id")).toList());
        for (LocalDate nothingArrived : List.of(TODAY.minusDays(3), TODAY.minusDays(2), TODAY)) {
            assertThat(inputStale).filteredOn(e -> ((InputStale) e.data()).dataDate().equals(nothingArrived))
                    .singleElement().satisfies(e -> assertThat(((InputStale) e.data()).objectsSeen()).isZero());
        }
    }

    @Test
    void aNotificationWhoseBatchFailsToQueueLeavesNothingBehindAndItsRedeliveryPublishesOnce() {
        // the notification's row, the claim of its batch and the completion's outbox row are one transaction: an
        // instance that fails after queueing the completion (injected) leaves no row, no claim and no event
        LocalDate date = LocalDate.parse("2026-01-17");
        Instant longAgo = Instant.parse("2026-01-23T13:00:00Z");
        String last = "WAS";
        for (String team : GcsNotifications.TEAMS.stream().filter(t -> !t.equals(last)).toList()) {
            store.execute(Sql.of("INSERT INTO roster_bridge_objects (bucket, object_name, generation, scraper,"
                            + " data_date, object_key, received_at) VALUES (@bucket, @object, 7, 'espn_team_roster',"
                            + " @date, @key, @at)")
                    .bind("bucket", GcsNotifications.BUCKET).bind("object", GcsNotifications.rosterObject(date, team))
                    .bind("date", date).bind("key", team).bind("at", longAgo));
        }
        Outbox failing = new Outbox(store, codec, clock, publisher, observability, relay) {
            @Override
            public boolean add(Event<?> event, String orderingKey) {
                super.add(event, orderingKey);
                throw new IllegalStateException("the instance fails after queueing " + event.id() + " (injected)");
            }
        };
        ScraperBridge failingReplica = new ScraperBridge(topology, objects, store, failing, publisher, clock,
                new BridgeStats(), backlog);
        long generation = 1769500000000001L;
        long outboxRows = outboxRows();

        assertThatThrownBy(() -> failingReplica.accept(GcsNotifications.notification(GcsNotification.OBJECT_FINALIZE,
                GcsNotifications.BUCKET, GcsNotifications.rosterObject(date, last), generation)))
                .hasMessageContaining("injected");
        assertThat(arrivedRows(date)).as("the notification's row rolled back with the claim and the event")
                .isEqualTo(29);
        assertThat(pendingRows(date)).isEqualTo(29);
        assertThat(outboxRows()).as("nothing queued").isEqualTo(outboxRows);

        // Pub/Sub redelivers the notification (the failed push was not acknowledged)
        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, GcsNotifications.rosterFinalize(date, last, generation));

        List<Event<?>> published = await().atMost(DEADLINE).until(() -> completionsOf(date), l -> !l.isEmpty());
        assertThat(published).singleElement().satisfies(e -> assertThat(((ScraperCompleted) e.data()).objects())
                .containsExactlyElementsOf(GcsNotifications.gsPaths(date)));
        assertThat(pendingRows(date)).isZero();
        given().when().post("/tasks/bridge-check").then().statusCode(200);
        await().atMost(DEADLINE).until(() -> unsentOutboxRows() == 0);
        assertThat(completionsOf(date)).hasSize(1);
    }

    /** Runs {@code round} until done; like the service's timers, a round the store refused for now is retried. */
    private static void repeatUntil(AtomicBoolean done, Runnable round) {
        while (!done.get()) {
            try {
                round.run();
            } catch (RuntimeException e) {
                if (!StoreException.isTransient(e)) {
                    throw e;
                }
            }
        }
    }

    /** A worker that failed fails the test at once, with its own exception. */
    private static boolean noneFailed(List<Future<?>> workers) throws Exception {
        for (Future<?> worker : workers) {
            if (worker.isDone()) {
                worker.get();
            }
        }
        return true;
    }

    private List<Event<?>> completionsOf(LocalDate date) {
        return received(Topics.SCRAPER_COMPLETIONS, EventType.SCRAPER_COMPLETED).stream()
                .filter(e -> ((ScraperCompleted) e.data()).dataDate().equals(date)).toList();
    }

    /** Batch id → the gs:// paths of the rows claimed into it. */
    private Map<String, Set<String>> batchesOf(LocalDate date) {
        List<Row> rows = store.query(Sql.of("SELECT batch_id, bucket, object_name FROM roster_bridge_objects"
                + " WHERE data_date = @d AND batch_id IS NOT NULL").bind("d", date));
        return rows.stream().collect(Collectors.groupingBy(r -> r.getString("batch_id"), Collectors.mapping(
                r -> "gs://" + r.getString("bucket") + "/" + r.getString("object_name"), Collectors.toSet())));
    }

    private long arrivedRows(LocalDate date) {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM roster_bridge_objects WHERE data_date = @d")
                .bind("d", date)).get(0).getLong("n");
    }

    private long pendingRows(LocalDate date) {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM roster_bridge_objects WHERE data_date = @d"
                + " AND batch_id IS NULL").bind("d", date)).get(0).getLong("n");
    }

    private long outboxRows() {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM outbox")).get(0).getLong("n");
    }

    private long unsentOutboxRows() {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL")).get(0).getLong("n");
    }
}
