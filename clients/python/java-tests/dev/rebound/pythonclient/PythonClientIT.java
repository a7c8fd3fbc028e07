package dev.rebound.pythonclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.TraceContext;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.testing.PackagedService;
import dev.rebound.testing.TestPostgres;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Python client against the real emulator and the real heartbeat-tracker (packaged, on the wall clock): its
 * emulator tests run as a processor would, on a trigger this test sends as backfill-orchestrator does; then every
 * message they published is decoded with the project's own EventCodec, and what each test did (its manifest) is
 * checked in what arrived: a raising block's failed event, a trigger's trace and backfill id on its run's events,
 * a shell job's run, a scraper's completion, and a hung run declared stuck exactly once.
 */
@RequiresPubSubEmulator
class PythonClientIT {
    static final LocalDate D = LocalDate.parse("2026-01-22");
    static final String TRACED = "PyTracedProcessor";
    static final TraceContext REPAIR = TraceContext.newRoot();

    @Test
    void whatThePythonClientPublishesIsTheContractAndReboundActsOnIt() throws Exception {
        Python.assumeAvailable();
        String host = PubSubEmulator.shared().orElseThrow().hostPort();
        String project = "python-" + UUID.randomUUID().toString().substring(0, 8);
        Path manifest = Path.of("target", "python-it-manifest.json");
        Files.deleteIfExists(manifest);
        try (PubSubTestClient pubsub = new PubSubTestClient(host, project);
                PackagedService tracker = PackagedService.of(
                        Path.of(System.getProperty("rebound.heartbeat-tracker.app")).resolve("quarkus-run.jar"),
                        PubSubEmulator.freePort(), Path.of("target", "python-it-heartbeat-tracker.log"),
                        Map.of("quarkus.datasource.jdbc.url", TestPostgres.freshDatabase("client_it"),
                                "rebound.pubsub.emulator-host", host, "rebound.pubsub.project-id", project,
                                "rebound.clock.mode", "system", "rebound.heartbeat.restart-grace", "PT0S",
                                "rebound.heartbeat.sweep-every", "PT1S"))) {
            TopicCatalog catalog = TopicCatalog.load();
            pubsub.provisionTopicsWithProbes(catalog);
            pubsub.admin().provision(catalog, c -> c.equals("heartbeat-tracker") ? tracker.baseUrl() : null);
            tracker.startReady(Duration.ofSeconds(90));
            String triggers = "python-it--" + Topics.PROCESSOR_TRIGGERS;
            pubsub.admin().createSubscription(triggers, Topics.PROCESSOR_TRIGGERS, null, 30);
            Instant now = Instant.now();
            Event<ProcessorTrigger> trigger = Event.of(UUID.randomUUID().toString(), "//rebound/backfill-orchestrator",
                    now, new ProcessorTrigger(TRACED, D, "stuck", "plan-py", 1, now), "stuck:" + TRACED + ":" + D,
                    Map.of(TraceContext.ATTRIBUTE, REPAIR.traceparent()));
            pubsub.publish(trigger);

            Python.Result python = Python.unittest("tests/emulator", Map.of("PUBSUB_EMULATOR_HOST", host,
                    "REBOUND_TEST_PROJECT", project, "REBOUND_TEST_TRIGGER_SUBSCRIPTION", triggers,
                    "REBOUND_TEST_TRACKER_URL", tracker.baseUrl(), "REBOUND_TEST_MANIFEST",
                    manifest.toAbsolutePath().toString(), "REBOUND_REQUIRE_EMULATOR", "1"),
                    Path.of("target", "python-emulator-tests.log"));
            assertThat(python.exitCode()).as("python -m unittest discover -s tests/emulator:%n%s", python.output())
                    .isZero();
            assertThat(python.output()).doesNotContain("skipped");
            JsonNode did = Json.mapper().readTree(manifest.toFile());

            List<Event<?>> events = everythingDecoded(pubsub, catalog);
            checkRaised(events, did.path("raised"));
            checkCompleted(events, did.path("completed"));
            checkTraced(events, did.path("traced"), trigger);
            checkShellJob(events, did.path("cli"));
            assertThat(events).filteredOn(e -> e.data() instanceof ScraperCompleted s
                    && s.scraper().equals(did.path("scraper").path("scraper").asText()))
                    .singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(did.path("scraper").path("ce_id").asText()));
            checkStuckExactlyOnce(pubsub, catalog, did.path("hung").path("run_id").asText());
        }
    }

    /** Every message on every topic, each decoded (and so validated) by EventCodec; a single refusal fails. */
    private static List<Event<?>> everythingDecoded(PubSubTestClient pubsub, TopicCatalog catalog) {
        List<Event<?>> decoded = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ReceivedMessage m : drain(pubsub, catalog)) {
            try {
                decoded.add(pubsub.decode(m));
            } catch (EventValidationException e) {
                refused.add(m.getMessage().getAttributesMap() + ": " + e.getMessage());
            }
        }
        assertThat(refused).as("messages EventCodec refused").isEmpty();
        assertThat(decoded).isNotEmpty();
        return decoded;
    }

    private static List<ReceivedMessage> drain(PubSubTestClient pubsub, TopicCatalog catalog) {
        List<ReceivedMessage> all = new ArrayList<>();
        for (TopicCatalog.Topic topic : catalog.topics()) {
            if (topic.name().equals(Topics.GCS_OBJECT_NOTIFICATIONS)) {
                continue; // Cloud Storage's own format, not the contract's envelope; nothing here publishes it
            }
            int before;
            do {
                before = pubsub.received(topic.name()).size();
            } while (pubsub.received(topic.name()).size() > before);
            all.addAll(pubsub.received(topic.name()));
        }
        return all;
    }

    private static List<Event<?>> ofRun(List<Event<?>> events, String runId) {
        return events.stream().filter(e -> runId.equals(runIdOf(e))).toList();
    }

    private static String runIdOf(Event<?> e) {
        if (e.data() instanceof ProcessorStarted s) {
            return s.runId();
        } else if (e.data() instanceof ProcessorHeartbeat h) {
            return h.runId();
        } else if (e.data() instanceof ProcessorCompleted c) {
            return c.runId();
        } else if (e.data() instanceof ProcessorFailed f) {
            return f.runId();
        } else if (e.data() instanceof ProcessorStuck s) {
            return s.runId();
        }
        return null;
    }

    private static void checkRaised(List<Event<?>> events, JsonNode raised) {
        List<Event<?>> run = ofRun(events, raised.path("run_id").asText());
        assertThat(run).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("ProcessorStarted", "ProcessorFailed");
        assertThat((ProcessorFailed) run.get(1).data()).satisfies(f -> {
            assertThat(f.reason()).isEqualTo(ProcessorFailed.Reason.ERROR);
            assertThat(f.message()).isEqualTo(raised.path("message").asText());
            assertThat(f.retryable()).isTrue();
        });
    }

    private static void checkCompleted(List<Event<?>> events, JsonNode completed) {
        List<Event<?>> run = ofRun(events, completed.path("run_id").asText());
        assertThat(run.get(0).data()).isInstanceOf(ProcessorStarted.class);
        assertThat(run).filteredOn(e -> e.data() instanceof ProcessorHeartbeat).isNotEmpty()
                .allSatisfy(e -> assertThat(((ProcessorHeartbeat) e.data()).progress())
                        .isEqualTo(new ProcessorHeartbeat.Progress(2, 8)));
        assertThat(run.get(run.size() - 1).data()).isInstanceOfSatisfying(ProcessorCompleted.class, c -> {
            assertThat(c.recordsWritten()).isEqualTo(8);
            assertThat(c.processor()).isEqualTo(completed.path("processor").asText());
        });
        assertThat(run).allSatisfy(e -> {
            assertThat(e.attributes().processor()).isEqualTo(completed.path("processor").asText());
            assertThat(e.attributes().dataDate()).isEqualTo(D);
        });
    }

    private static void checkTraced(List<Event<?>> events, JsonNode traced, Event<ProcessorTrigger> trigger) {
        assertThat(traced.path("trigger_ce_id").asText()).isEqualTo(trigger.id());
        List<Event<?>> run = ofRun(events, traced.path("run_id").asText());
        assertThat(run).hasSize(2).allSatisfy(e -> {
            assertThat(e.attributes().correlationId()).isEqualTo(trigger.attributes().correlationId());
            assertThat(TraceContext.parse(e.attributes().extensions().get(TraceContext.ATTRIBUTE)).orElseThrow()
                    .traceId()).isEqualTo(REPAIR.traceId());
        });
        assertThat(run.get(0).data()).isInstanceOfSatisfying(ProcessorStarted.class, s -> {
            assertThat(s.processor()).isEqualTo(TRACED);
            assertThat(s.backfillId()).isEqualTo("plan-py");
            assertThat(s.trigger()).isEqualTo(RunTrigger.BACKFILL);
        });
    }

    private static void checkShellJob(List<Event<?>> events, JsonNode cli) {
        List<Event<?>> run = ofRun(events, cli.path("run_id").asText());
        assertThat(run).extracting(e -> e.data().getClass().getSimpleName())
                .containsExactly("ProcessorStarted", "ProcessorHeartbeat", "ProcessorCompleted");
        String trace = run.get(0).attributes().extensions().get(TraceContext.ATTRIBUTE);
        assertThat(run).allSatisfy(e -> assertThat(e.attributes().extensions()).containsEntry(TraceContext.ATTRIBUTE,
                trace));
    }

    /** The tracker's verdict on the hung run: one stuck alert and one failed(stuck), and no more a while later. */
    private static void checkStuckExactlyOnce(PubSubTestClient pubsub, TopicCatalog catalog, String runId) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
            List<Event<?>> verdicts = ofRun(drain(pubsub, catalog).stream().<Event<?>>map(pubsub::decode).toList(),
                    runId);
            return verdicts.stream().filter(e -> e.data() instanceof ProcessorStuck).count() == 1
                    && verdicts.stream().filter(e -> e.data() instanceof ProcessorFailed f
                            && f.reason() == ProcessorFailed.Reason.STUCK).count() == 1;
        });
    }
}
