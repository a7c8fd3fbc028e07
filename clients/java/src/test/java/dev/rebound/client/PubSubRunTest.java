package dev.rebound.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.TraceContext;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the real Pub/Sub emulator: what it publishes decodes with the contract's own codec, a block
 * that throws is reported failed, a trigger sent like backfill-orchestrator's carries its trace and backfill id into
 * the run, and publish failures are retried without ever reaching the processor's work.
 */
@RequiresPubSubEmulator
class PubSubRunTest {
    static final LocalDate D = LocalDate.parse("2026-01-22");
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));

    static String host;
    static String project;
    static PubSubTestClient pubsub;
    static ReboundClient rebound;

    @BeforeAll
    static void provision() {
        host = PubSubEmulator.shared().orElseThrow().hostPort();
        project = newProject();
        pubsub = new PubSubTestClient(host, project);
        pubsub.provisionTopicsWithProbes(TopicCatalog.load());
        rebound = ReboundClient.builder().emulatorHost(host).projectId(project).build();
    }

    @AfterAll
    static void close() {
        rebound.close();
        pubsub.close();
    }

    static String newProject() {
        return "client-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String processor() {
        return "ClientTest" + UUID.randomUUID().toString().substring(0, 6) + "Processor";
    }

    /** Every event on a topic about this processor, decoded with EventCodec (which validates it). */
    static List<Event<?>> eventsOf(PubSubTestClient client, String topic, String processor) {
        return client.received(topic, a -> processor.equals(a.get("processor"))).stream()
                .<Event<?>>map(client::decode).toList();
    }

    @Test
    void aRunsEventsReachPubSubAndDecodeWithTheContractsCodec() {
        String p = processor();
        RunReporter run = RunReporter.builder(rebound, p, D).heartbeatInterval(Duration.ofSeconds(1)).start();
        run.progress(3, 10);
        pubsub.awaitType(Topics.PROCESSOR_HEARTBEATS, EventType.PROCESSOR_HEARTBEAT.ceType(), 1, DEADLINE);
        run.complete(7);
        pubsub.awaitType(Topics.PROCESSOR_COMPLETIONS, EventType.PROCESSOR_COMPLETED.ceType(), 1, DEADLINE);

        List<Event<?>> beats = eventsOf(pubsub, Topics.PROCESSOR_HEARTBEATS, p);
        assertThat(beats.get(0).data()).isInstanceOfSatisfying(ProcessorStarted.class, s -> {
            assertThat(s.runId()).isEqualTo(run.runId());
            assertThat(s.heartbeatIntervalS()).isEqualTo(1);
        });
        assertThat(beats.subList(1, beats.size())).isNotEmpty().allSatisfy(e -> assertThat(e.data())
                .isInstanceOfSatisfying(ProcessorHeartbeat.class, h -> assertThat(h.progress())
                        .isEqualTo(new ProcessorHeartbeat.Progress(3, 10))));
        Event<?> completed = eventsOf(pubsub, Topics.PROCESSOR_COMPLETIONS, p).get(0);
        assertThat(completed.data()).isInstanceOfSatisfying(ProcessorCompleted.class,
                c -> assertThat(c.recordsWritten()).isEqualTo(7));
        assertThat(completed.attributes().dataDate()).isEqualTo(D);
        assertThat(completed.attributes().source()).startsWith("//processors/client-test");
    }

    @Test
    void aBlockThatThrowsPublishesFailed() {
        String p = processor();
        try (RunReporter run = RunReporter.start(rebound, p, D, null)) {
            run.fail(new java.net.SocketTimeoutException("BigQuery did not answer in 600 s"));
        }
        try (RunReporter run = RunReporter.start(rebound, p, D, null)) {
            throw new IllegalStateException("the block gave up");
        } catch (IllegalStateException expected) {
            // the processor's own exception goes on; the run is already reported
        }
        pubsub.awaitType(Topics.PROCESSOR_FAILURES, EventType.PROCESSOR_FAILED.ceType(), 2, DEADLINE);
        assertThat(eventsOf(pubsub, Topics.PROCESSOR_FAILURES, p)).extracting(e -> (ProcessorFailed) e.data())
                .extracting(ProcessorFailed::reason).containsExactly(ProcessorFailed.Reason.TIMEOUT,
                        ProcessorFailed.Reason.ERROR);
    }

    @Test
    void aTriggerSentLikeTheOrchestratorsCarriesItsTraceAndBackfillIdIntoTheRun() {
        String p = processor();
        Event<?> sent = Triggers.trigger(p, D, "stuck", "plan-" + p);
        pubsub.publish(sent);
        ReceivedMessage received = org.awaitility.Awaitility.await().atMost(DEADLINE)
                .until(() -> pubsub.received(Topics.PROCESSOR_TRIGGERS, a -> p.equals(a.get("processor"))),
                        l -> !l.isEmpty()).get(0);
        Trigger trigger = Trigger.fromMessage(received.getMessage().getData().toByteArray(),
                received.getMessage().getAttributesMap());
        try (RunReporter run = RunReporter.start(rebound, p, D, trigger)) {
            run.complete(1);
        }
        pubsub.awaitType(Topics.PROCESSOR_COMPLETIONS, EventType.PROCESSOR_COMPLETED.ceType(), 1, DEADLINE);
        List<Event<?>> events = new java.util.ArrayList<>(eventsOf(pubsub, Topics.PROCESSOR_HEARTBEATS, p));
        events.addAll(eventsOf(pubsub, Topics.PROCESSOR_COMPLETIONS, p));
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.attributes().correlationId()).isEqualTo(sent.attributes().correlationId());
            assertThat(TraceContext.parse(e.attributes().extensions().get(TraceContext.ATTRIBUTE)).orElseThrow()
                    .traceId()).isEqualTo(Triggers.REPAIR_TRACE.traceId());
        });
        assertThat(events.get(0).data()).isInstanceOfSatisfying(ProcessorStarted.class, s -> {
            assertThat(s.backfillId()).isEqualTo("plan-" + p);
            assertThat(s.trigger()).isEqualTo(RunTrigger.BACKFILL);
        });
    }

    @Test
    void aScraperCompletionIsPublishedAtTheSource() {
        String scraper = "scraper-" + UUID.randomUUID().toString().substring(0, 6);
        rebound.scraperCompleted(scraper, D, List.of("gs://nba-scraped-data/espn/rosters/2026-01-22/team_POR.json"));
        List<ReceivedMessage> done = pubsub.awaitType(Topics.SCRAPER_COMPLETIONS,
                EventType.SCRAPER_COMPLETED.ceType(), 1, DEADLINE);
        assertThat(done.stream().map(pubsub::decode).map(Event::data).filter(ScraperCompleted.class::isInstance)
                .map(ScraperCompleted.class::cast).filter(s -> s.scraper().equals(scraper)))
                .singleElement().satisfies(s -> assertThat(s.source()).isEqualTo(ScraperCompleted.Source.SCRAPER));
    }

    @Test
    void publishesThatFailBecauseTheTopicsDoNotExistYetGoThroughOnceTheyDo() throws Exception {
        String late = newProject();
        Duration startTimeout = Duration.ofMillis(500);
        // The real sink, behind a gate held only while each topic and its probe are created: a publish landing
        // between the two would reach the topic before the probe exists, and the probe could not see it.
        AtomicBoolean provisioning = new AtomicBoolean();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        try (PubSubSink pubsubSink = new PubSubSink(late, host);
                ReboundClient client = ReboundClient.builder().sink(event -> {
                    if (provisioning.get()) {
                        throw new IllegalStateException("topics being created");
                    }
                    try {
                        pubsubSink.publish(event);
                    } catch (Exception e) {
                        failures.add(e);
                        throw e;
                    }
                }).backoff(FAST).startTimeout(startTimeout).build();
                PubSubTestClient lateTopics = new PubSubTestClient(host, late)) {
            String p = processor();
            Instant before = Instant.now();
            RunReporter run = RunReporter.start(client, p, D, null);
            // the started event could not be published (NOT_FOUND): start waited its timeout, then let the work go on
            assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(startTimeout);
            assertThat(failures).as("Pub/Sub refused the publish: its topic does not exist").isNotEmpty();
            provisioning.set(true);
            lateTopics.provisionTopicsWithProbes(TopicCatalog.load());
            provisioning.set(false);
            run.complete(2);
            lateTopics.awaitType(Topics.PROCESSOR_COMPLETIONS, EventType.PROCESSOR_COMPLETED.ceType(), 1, DEADLINE);
            assertThat(org.awaitility.Awaitility.await().atMost(DEADLINE)
                    .until(() -> eventsOf(lateTopics, Topics.PROCESSOR_HEARTBEATS, p), events -> !events.isEmpty()))
                    .first().satisfies(e -> assertThat(e.data()).isInstanceOf(ProcessorStarted.class));
        }
    }

    @Test
    void anUnreachablePubSubNeverFailsTheProcessorsWork() {
        String nowhere = "127.0.0.1:" + PubSubEmulator.freePort();
        try (ReboundClient client = ReboundClient.builder().emulatorHost(nowhere).projectId(project).backoff(FAST)
                .startTimeout(Duration.ofMillis(300)).flushTimeout(Duration.ofMillis(300)).build()) {
            Instant before = Instant.now();
            long rows;
            try (RunReporter run = RunReporter.start(client, processor(), D, null)) {
                rows = 40 + 2;
                run.complete(rows);
            }
            // the work waited only the start and flush timeouts, and its result is intact
            assertThat(rows).isEqualTo(42);
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }
    }
}
