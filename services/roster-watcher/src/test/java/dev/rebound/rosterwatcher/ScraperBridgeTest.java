package dev.rebound.rosterwatcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.SchedulerJobs;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.Json;
import dev.rebound.events.gcs.GcsNotificationCodec;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.rosterwatcher.store.VerdictHoldStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.push.PushEndpoint;
import dev.rebound.runtime.push.PushStats;
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
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The bridge through the real emulator: notifications in GCS's own format are pushed by Pub/Sub to the shared
 * endpoint and become scraper completions on {@code scraper-completions}, through the state store's outbox. Each
 * test owns its data dates (the module's test classes with the same test resources share one application, database
 * and emulator project).
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "roster-watcher"))
class ScraperBridgeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String SCRAPER = "espn_team_roster";

    @Inject
    BridgeStats stats;
    @Inject
    PushStats pushStats;
    @Inject
    StateStore store;
    @Inject
    Topology topology;
    @Inject
    BridgeObjectStore objects;
    @Inject
    Outbox outbox;
    @Inject
    EventPublisher publisher;
    @Inject
    ScenarioClock clock;

    private static PubSubTestClient pubsub() {
        return PubSubEmulatorResource.client();
    }

    private static void publishAll(List<EncodedMessage> messages) {
        messages.forEach(m -> pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, m));
    }

    private static List<Event<?>> completionEvents(LocalDate date) {
        return pubsub().receivedOfType(Topics.SCRAPER_COMPLETIONS, EventType.SCRAPER_COMPLETED.ceType()).stream()
                .<Event<?>>map(m -> pubsub().decode(m))
                .filter(e -> ((ScraperCompleted) e.data()).dataDate().equals(date))
                .toList();
    }

    private static List<ScraperCompleted> completions(LocalDate date) {
        return completionEvents(date).stream().map(e -> (ScraperCompleted) e.data()).toList();
    }

    private static List<ScraperCompleted> awaitCompletions(LocalDate date, int count) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> completions(date).size() >= count);
        return completions(date);
    }

    private static void bridgeCheck() {
        given().when().post("/tasks/bridge-check").then().statusCode(200);
    }

    private long ignored(BridgeIgnoreReason reason) {
        return stats.ignoredCount(SCRAPER, reason);
    }

    @Test
    void thirtyNotificationsBecomeOneCompletionListingThirtyObjects() {
        LocalDate date = LocalDate.parse("2026-01-10");

        publishAll(GcsNotifications.allTeams(date, 1769000000000001L));

        List<ScraperCompleted> done = awaitCompletions(date, 1);
        ScraperCompleted completion = done.get(0);
        assertThat(completion.scraper()).isEqualTo(SCRAPER);
        assertThat(completion.source()).isEqualTo(ScraperCompleted.Source.GCS_NOTIFICATION);
        assertThat(completion.objects()).hasSize(30).containsExactlyElementsOf(GcsNotifications.gsPaths(date));
        bridgeCheck();
        assertThat(completions(date)).hasSize(1);
        given().when().get("/bridge/stats").then().statusCode(200)
                .body("scrapers." + SCRAPER + ".pending", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void duplicateNotificationsAndRedeliveriesPublishNothingExtra() {
        LocalDate date = LocalDate.parse("2026-01-11");
        List<EncodedMessage> day = GcsNotifications.allTeams(date, 1769100000000001L);
        publishAll(day);
        awaitCompletions(date, 1);
        long duplicatesBefore = ignored(BridgeIgnoreReason.duplicate_generation);

        // the same writes notified again (new Pub/Sub messages, same object generations)
        publishAll(day);
        await().atMost(DEADLINE).until(() -> ignored(BridgeIgnoreReason.duplicate_generation) >= duplicatesBefore + 30);

        // a redelivery of one message (same message id) is acknowledged by the shared ledger without reaching us
        String body = pushBody(GcsNotifications.rosterFinalize(date, "POR", 1769100000000001L), "redelivered-" + UUID.randomUUID());
        long ledgerDuplicates = pushStats.get(PushStats.Outcome.duplicate);
        given().body(body).contentType("application/json").post(PushEndpoint.PATH).then().statusCode(204);
        given().body(body).contentType("application/json").post(PushEndpoint.PATH).then().statusCode(204);
        assertThat(pushStats.get(PushStats.Outcome.duplicate)).isEqualTo(ledgerDuplicates + 1);

        bridgeCheck();
        assertThat(completions(date)).hasSize(1);
        assertThat(ignored(BridgeIgnoreReason.duplicate_generation)).isEqualTo(duplicatesBefore + 31);
    }

    @Test
    void aNewGenerationOfAPublishedObjectIsANewCompletion() {
        LocalDate date = LocalDate.parse("2026-01-12");
        publishAll(GcsNotifications.allTeams(date, 1769200000000001L));
        awaitCompletions(date, 1);

        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, GcsNotifications.rosterFinalize(date, "POR", 1769200000000002L));
        // one object of 30 waits for the 60 s (sim) window, one real second at 60x
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> {
            bridgeCheck();
            return completions(date).size() >= 2;
        });

        ScraperCompleted second = completions(date).get(1);
        assertThat(second.objects()).containsExactly("gs://nba-scraped-data/" + GcsNotifications.rosterObject(date, "POR"));
        // an older generation arriving late is not news either
        long superseded = ignored(BridgeIgnoreReason.superseded_generation);
        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, GcsNotifications.rosterFinalize(date, "POR", 1769200000000000L));
        await().atMost(DEADLINE).until(() -> ignored(BridgeIgnoreReason.superseded_generation) == superseded + 1);
        bridgeCheck();
        assertThat(completions(date)).hasSize(2);
    }

    @Test
    void aPartialBatchIsPublishedOnceItsWindowHasPassed() {
        LocalDate date = LocalDate.parse("2026-01-13");
        List<String> teams = GcsNotifications.TEAMS.subList(0, 5);
        teams.forEach(t -> pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                GcsNotifications.rosterFinalize(date, t, 1769300000000001L)));
        await().atMost(DEADLINE).until(() -> pendingRows(date) == 5);

        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(300)).until(() -> {
            bridgeCheck();
            return !completions(date).isEmpty();
        });

        assertThat(completions(date)).hasSize(1);
        assertThat(completions(date).get(0).objects()).hasSize(5);
    }

    /**
     * While notifications arrive late (a backlog draining, out of order), the rest of a partial batch is likely still
     * queued: its window measures the backlog, not the scraper, so the batch stays open until the backlog is over.
     * The holds are off in this module's tests; this bridge is a second instance's, with them on.
     */
    @Test
    void aPartialBatchWaitsPastItsWindowWhileABacklogIsDrainingThenIsPublishedOnce() {
        LocalDate date = LocalDate.parse("2026-01-15");
        VerdictHoldStore holds = new VerdictHoldStore(store);
        NotificationBacklog draining = new NotificationBacklog(holds, store, clock, Clock.systemUTC(), clock.speed(),
                Duration.ofMinutes(1), Duration.ofMinutes(10), clock.instant().minus(Duration.ofHours(1)));
        ScraperBridge replica = new ScraperBridge(topology, objects, store, outbox, publisher, clock,
                new BridgeStats(), draining);
        try {
            GcsNotifications.TEAMS.subList(0, 5).forEach(t -> pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                    GcsNotifications.rosterFinalize(date, t, 1769400000000001L)));
            await().atMost(DEADLINE).until(() -> pendingRows(date) == 5);
            // a notification came 3 sim minutes late: the backlog holds until 4 minutes from now
            holds.extend(clock.instant().plus(Duration.ofMinutes(4)), Duration.ofMinutes(3), clock.instant());
            Instant windowPassed = clock.instant().plus(Duration.ofSeconds(61));
            await().atMost(DEADLINE).until(() -> clock.instant().isAfter(windowPassed));

            // (other tests' pending objects are flushed too, once due: only this date's batch is looked at)
            assertThat(replica.flushDue()).noneMatch(c -> c.dataDate().equals(date));
            assertThat(pendingRows(date)).isEqualTo(5);

            store.execute(Sql.of("DELETE FROM roster_bridge_verdict_hold"));
            assertThat(replica.flushDue()).filteredOn(c -> c.dataDate().equals(date)).singleElement()
                    .satisfies(c -> assertThat(c.objects()).hasSize(5));
            assertThat(awaitCompletions(date, 1)).hasSize(1);
        } finally {
            store.execute(Sql.of("DELETE FROM roster_bridge_verdict_hold"));
        }
    }

    @Test
    void deletesAndForeignObjectsAreIgnoredWithACountedReason() {
        LocalDate date = LocalDate.parse("2026-01-14");
        long deletes = ignored(BridgeIgnoreReason.object_delete);
        long foreign = stats.ignoredCount(BridgeStats.UNMATCHED, BridgeIgnoreReason.no_matching_scraper);
        long invalid = ignored(BridgeIgnoreReason.invalid_data_date);

        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                GcsNotifications.delete(GcsNotifications.BUCKET, GcsNotifications.rosterObject(date, "POR"), 1L));
        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                GcsNotifications.finalize("someone-elses-bucket", GcsNotifications.rosterObject(date, "POR"), 2L));
        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                GcsNotifications.finalize(GcsNotifications.BUCKET, "espn/boxscores/" + date + "/game_1.json", 3L));
        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                GcsNotifications.finalize(GcsNotifications.BUCKET, "espn/rosters/2026-02-30/team_POR.json", 4L));

        await().atMost(DEADLINE).until(() -> ignored(BridgeIgnoreReason.object_delete) == deletes + 1
                && stats.ignoredCount(BridgeStats.UNMATCHED, BridgeIgnoreReason.no_matching_scraper) == foreign + 2
                && ignored(BridgeIgnoreReason.invalid_data_date) == invalid + 1);
        bridgeCheck();
        assertThat(completions(date)).isEmpty();
        assertThat(pendingRows(date)).isZero();
        given().when().get("/bridge/stats").then().statusCode(200)
                .body("scrapers." + SCRAPER + ".ignored.object_delete", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("scrapers.'(unmatched)'.ignored.no_matching_scraper",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void malformedNotificationsAreQuarantined() {
        String marker = "malformed-" + UUID.randomUUID();
        EncodedMessage good = GcsNotifications.finalize(GcsNotifications.BUCKET, "espn/rosters/2026-01-15/team_" + marker
                + ".json", 5L);
        Map<String, String> noGeneration = new LinkedHashMap<>(good.attributes());
        noGeneration.remove(GcsNotificationCodec.OBJECT_GENERATION);
        Map<String, String> notJsonAttrs = new LinkedHashMap<>(good.attributes());
        byte[] notJson = ("not an object resource " + marker).getBytes(StandardCharsets.UTF_8);

        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, new EncodedMessage(good.data(), noGeneration));
        pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS, new EncodedMessage(notJson, notJsonAttrs));

        List<ReceivedMessage> quarantined = await().atMost(DEADLINE).until(() -> pubsub().received(Topics.QUARANTINE,
                a -> a.getOrDefault(Quarantine.ORIGINAL_PREFIX + GcsNotificationCodec.OBJECT_ID, "").contains(marker)),
                l -> l.size() >= 2);
        assertThat(quarantined).extracting(m -> m.getMessage().getAttributesMap().get(Quarantine.PATH))
                .containsExactlyInAnyOrder("attributes.objectGeneration", "data");
        assertThat(quarantined).allSatisfy(m -> assertThat(m.getMessage().getAttributesMap().get(Quarantine.CONSUMER))
                .isEqualTo("roster-watcher"));
        assertThat(quarantined).anySatisfy(m -> assertThat(m.getMessage().getData().toByteArray()).isEqualTo(notJson));
        assertThat(store.query(Sql.of("SELECT COUNT(*) AS n FROM roster_bridge_objects"
                + " WHERE object_name LIKE @p").bind("p", "%" + marker + "%")).get(0).getLong("n")).isZero();
    }

    @Test
    void filesThatDidNotArriveByTheirExpectedTimeAreAStaleInputOnce() {
        // sim time is 2026-01-23 14:00, the scraper's files are expected by 13:00 of their date; lookback 3 days
        LocalDate incomplete = LocalDate.parse("2026-01-22");
        GcsNotifications.TEAMS.subList(0, 10).forEach(t -> pubsub().publish(Topics.GCS_OBJECT_NOTIFICATIONS,
                GcsNotifications.rosterFinalize(incomplete, t, 1769400000000001L)));
        await().atMost(DEADLINE).until(() -> arrivedRows(incomplete) == 10);

        bridgeCheck();
        bridgeCheck();

        // published before the check answered; the probe subscription may take a moment to hold them
        await().atMost(DEADLINE).until(() -> inputStaleAlerts().stream().map(a -> a.dataDate().toString()).toList()
                .containsAll(List.of("2026-01-20", "2026-01-21")) && inputStaleAlerts().stream()
                .anyMatch(a -> a.dataDate().equals(incomplete) && a.objectsSeen() > 0));
        List<InputStale> alerts = inputStaleAlerts();
        // another test's bridge check may have seen the 22nd empty first: that is a separate (no_objects) verdict
        List<InputStale> partials = alerts.stream()
                .filter(a -> a.dataDate().equals(incomplete) && a.objectsSeen() > 0).toList();
        assertThat(partials).hasSize(1);
        InputStale partial = partials.get(0);
        assertThat(partial.input()).isEqualTo(SCRAPER);
        assertThat(partial.kind()).isEqualTo("scraper_files");
        assertThat(partial.objectsSeen()).isEqualTo(10);
        assertThat(partial.expectedBy()).isEqualTo(Instant.parse("2026-01-22T13:00:00Z"));
        assertThat(partial.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(partial.lastObjectAt()).isNotNull();
        // nothing at all arrived for the 20th and 21st (no test writes those dates)
        for (String day : List.of("2026-01-20", "2026-01-21")) {
            assertThat(alerts).filteredOn(a -> a.dataDate().equals(LocalDate.parse(day)))
                    .singleElement().satisfies(a -> assertThat(a.objectsSeen()).isZero());
        }
    }

    private static List<InputStale> inputStaleAlerts() {
        return pubsub().receivedOfType(Topics.PIPELINE_ALERTS, EventType.INPUT_STALE.ceType()).stream()
                .map(m -> (InputStale) pubsub().decode(m).data()).toList();
    }

    @Test
    void pendingObjectsRecordedBeforeARestartArePublishedByTheNextFlushWithTheBatchIdAsCeId() {
        // the state a crash leaves behind: objects recorded (their push acknowledged) but never batched
        LocalDate pendingDate = LocalDate.parse("2026-01-16");
        Instant longAgo = Instant.parse("2026-01-23T13:00:00Z");
        for (String team : List.of("BOS", "NYK")) {
            insertPendingRow(pendingDate, team, longAgo);
        }

        bridgeCheck();

        List<Event<?>> published = await().atMost(DEADLINE)
                .until(() -> completionEvents(pendingDate), l -> !l.isEmpty());
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(((ScraperCompleted) e.data()).objects()).hasSize(2);
            assertThat(batchIdsOf(pendingDate)).as("the completion's ce-id is the batch id its rows carry")
                    .containsExactly(e.id());
        });
        await().atMost(DEADLINE).until(() -> unsentOutboxRows() == 0);
        bridgeCheck();
        assertThat(completions(pendingDate)).hasSize(1);
    }

    @Test
    void everyCloudSchedulerJobOfThisServiceIsServedAndReadinessIncludesTheRosterTable() {
        List<SchedulerJobs.Job> jobs = SchedulerJobs.load().jobsOf("roster-watcher");
        assertThat(jobs).extracting(SchedulerJobs.Job::path)
                .containsOnly("/tasks/freshness-check", "/tasks/bridge-check");
        jobs.forEach(job -> given().when().post(job.path()).then().statusCode(200));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItems("pipeline-warehouse", "state-store", "pubsub",
                        "roster-table"));
    }

    private void insertPendingRow(LocalDate date, String team, Instant at) {
        store.execute(Sql.of("INSERT INTO roster_bridge_objects (bucket, object_name, generation, scraper, data_date,"
                        + " object_key, received_at) VALUES (@bucket, @object, 7, @scraper, @date, @key, @at)")
                .bind("bucket", GcsNotifications.BUCKET).bind("object", GcsNotifications.rosterObject(date, team))
                .bind("scraper", SCRAPER).bind("date", date).bind("key", team).bind("at", at));
    }

    private List<String> batchIdsOf(LocalDate date) {
        return store.query(Sql.of("SELECT DISTINCT batch_id FROM roster_bridge_objects WHERE data_date = @d")
                .bind("d", date)).stream().map(r -> r.getString("batch_id")).toList();
    }

    private long unsentOutboxRows() {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL")).get(0).getLong("n");
    }

    private long pendingRows(LocalDate date) {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM roster_bridge_objects"
                + " WHERE data_date = @d AND batch_id IS NULL").bind("d", date)).get(0).getLong("n");
    }

    private long arrivedRows(LocalDate date) {
        return store.query(Sql.of("SELECT COUNT(*) AS n FROM roster_bridge_objects"
                + " WHERE data_date = @d").bind("d", date)).get(0).getLong("n");
    }

    private static String pushBody(EncodedMessage message, String messageId) {
        Map<String, Object> body = Map.of("subscription", "projects/p/subscriptions/roster-watcher--gcs-object-notifications",
                "message", Map.of("data", Base64.getEncoder().encodeToString(message.data()),
                        "attributes", message.attributes(), "messageId", messageId,
                        "publishTime", "2026-01-23T14:30:01Z"));
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
