package dev.rebound.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorStuck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.runtime.observability.CloudLoggingFormatter;
import dev.rebound.runtime.observability.CurrentTrace;
import dev.rebound.events.TraceContext;
import dev.rebound.runtime.pubsub.EventPublisher;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Metrics, alert logs and trace propagation, observed through the real emulator and the real push path; with the
 * production log format switched on, so the console's lines are what Cloud Logging would receive.
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(ObservabilityTest.CloudLoggingFormat.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = {
        @ResourceArg(name = "service", value = "probe-service"),
        @ResourceArg(name = "push-all-topics", value = "true")})
class ObservabilityTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String PROJECT = "rebound-observability-test";

    /** The production log format (rebound.log.cloud-logging) on top of the test configuration. */
    public static class CloudLoggingFormat implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rebound.log.cloud-logging", "true", "rebound.log.trace-project-id", PROJECT);
        }
    }

    @Inject
    EventPublisher publisher;
    @Inject
    RecordingHandler handler;

    private static double metric(String name, String... labelFragments) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String f : labelFragments) {
                all &= line.contains(f);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void traceContextSurvivesAHopThroughTheEmulator() {
        TraceContext origin = TraceContext.newRoot();
        ProcessorCompleted done = new ProcessorCompleted("PlayerGameSummaryProcessor", "relay-" + UUID.randomUUID(),
                LocalDate.of(2026, 1, 22), Instant.parse("2026-01-23T15:04:00Z"), 312);
        Event<ProcessorCompleted> event = Event.of(UUID.randomUUID().toString(), "//processors/pgs",
                Instant.parse("2026-01-23T15:04:00Z"), done, "chain-1", Map.of(TraceContext.ATTRIBUTE, origin.traceparent()));

        PubSubEmulatorResource.client().publish(event);

        List<ReceivedMessage> triggers = await().atMost(DEADLINE).until(
                () -> PubSubEmulatorResource.client().received(Topics.PROCESSOR_TRIGGERS,
                        a -> done.runId().equals(triggerBackfillId(a))), l -> !l.isEmpty());
        Map<String, String> attrs = triggers.get(0).getMessage().getAttributesMap();
        TraceContext continued = TraceContext.parse(attrs.get(TraceContext.ATTRIBUTE)).orElseThrow();
        assertThat(continued.traceId()).isEqualTo(origin.traceId());
        assertThat(continued.spanId()).isNotEqualTo(origin.spanId());
        assertThat(attrs.get(EventAttributes.CORRELATION_ID)).isEqualTo("chain-1");
    }

    private static String triggerBackfillId(Map<String, String> attrs) {
        return attrs.containsKey("ce-type") && attrs.get("ce-type").equals(EventType.PROCESSOR_TRIGGER.ceType())
                ? backfillIdOf(attrs) : null;
    }

    private static String backfillIdOf(Map<String, String> attrs) {
        return PubSubEmulatorResource.client().received(Topics.PROCESSOR_TRIGGERS).stream()
                .filter(m -> m.getMessage().getAttributesMap().equals(attrs))
                .map(m -> {
                    Matcher matcher = Pattern.compile("\"backfill_id\":\"([^\"]+)\"")
                            .matcher(m.getMessage().getData().toString(StandardCharsets.UTF_8));
                    return matcher.find() ? matcher.group(1) : null;
                }).findFirst().orElse(null);
    }

    @Test
    void quarantineCounterMatchesThePoisonMessagesSent() {
        double before = metric("rebound_events_quarantined_total", "service=\"probe-service\"");
        for (int i = 0; i < 3; i++) {
            PubSubEmulatorResource.client().publish(Topics.PROCESSOR_HEARTBEATS, new EncodedMessage(
                    ("poison " + i).getBytes(StandardCharsets.UTF_8), Map.of("ce-specversion", "1.0")));
        }
        await().atMost(DEADLINE).until(() -> metric("rebound_events_quarantined_total",
                "service=\"probe-service\"") >= before + 3);
        assertThat(metric("rebound_events_quarantined_total", "service=\"probe-service\"")).isEqualTo(before + 3);
        assertThat(metric("rebound_push_processing_seconds_count", "service=\"probe-service\"")).isPositive();
    }

    @Test
    void anAlertIsCountedAndLoggedOnceAtItsSeverity() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = capturing(records::add);
        Logger alerts = Logger.getLogger("rebound.alerts");
        alerts.addHandler(capture);
        try {
            double before = metric("rebound_alerts_published_total", "type=\"pipeline.processor.stuck.v1\"",
                    "severity=\"critical\"");
            String runId = "run-" + UUID.randomUUID();
            publisher.publish(new ProcessorStuck("PlayerGameSummaryProcessor", runId, LocalDate.of(2026, 1, 22),
                    Instant.parse("2026-01-23T15:00:00Z"), 245, 180, Instant.parse("2026-01-23T15:04:05Z")),
                    "stuck:" + runId);

            assertThat(metric("rebound_alerts_published_total", "type=\"pipeline.processor.stuck.v1\"",
                    "severity=\"critical\"")).isEqualTo(before + 1);
            List<LogRecord> mine = records.stream().filter(r -> r.getMessage().contains(runId)).toList();
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).getLevel().intValue()).isGreaterThanOrEqualTo(Level.SEVERE.intValue());
            assertThat(metric("rebound_stuck_detection_lag_seconds_count", "service=\"probe-service\"")).isPositive();
        } finally {
            alerts.removeHandler(capture);
        }
    }

    /** The formatter of the console handler Quarkus set up (nested inside its delegating root handler). */
    private static Formatter consoleFormatter(Handler[] handlers) {
        for (Handler h : handlers) {
            if (h instanceof org.jboss.logmanager.handlers.ConsoleHandler console) {
                return console.getFormatter();
            }
            if (h instanceof org.jboss.logmanager.ExtHandler delegating) {
                Formatter nested = consoleFormatter(delegating.getHandlers());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    @Test
    void theConsoleWritesAnAlertAsCloudLoggingStructuredJsonWithItsTraceAndLabels() throws Exception {
        Formatter console = consoleFormatter(org.jboss.logmanager.LogContext.getLogContext().getLogger("")
                .getHandlers());
        assertThat(console).as("the console handler's formatter").isInstanceOf(CloudLoggingFormatter.class);
        List<String> lines = new CopyOnWriteArrayList<>();
        // formatted on the logging thread, as the console handler does, so the MDC is the record's
        Handler capture = capturing(record -> lines.add(console.format(record)));
        Logger alerts = Logger.getLogger("rebound.alerts");
        alerts.addHandler(capture);
        TraceContext chain = TraceContext.newRoot();
        String runId = "run-" + UUID.randomUUID();
        try (CurrentTrace.Scope scope = CurrentTrace.open(chain, Map.of("correlation_id", "stuck:" + runId))) {
            publisher.publish(new ProcessorStuck("PlayerGameSummaryProcessor", runId, LocalDate.of(2026, 1, 22),
                    Instant.parse("2026-01-23T15:00:00Z"), 245, 180, Instant.parse("2026-01-23T15:04:05Z")),
                    "stuck:" + runId);
        } finally {
            alerts.removeHandler(capture);
        }

        List<String> mine = lines.stream().filter(l -> l.contains(runId)).toList();
        assertThat(mine).hasSize(1);
        JsonNode entry = new ObjectMapper().readTree(mine.get(0));
        assertThat(entry.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(entry.path("message").asText()).startsWith("pipeline.processor.stuck.v1 PlayerGameSummaryProcessor");
        assertThat(entry.path("logging.googleapis.com/trace").asText())
                .isEqualTo("projects/" + PROJECT + "/traces/" + chain.traceId());
        assertThat(entry.path("logging.googleapis.com/spanId").asText()).matches("[0-9a-f]{16}");
        assertThat(entry.path("logging.googleapis.com/trace_sampled").asBoolean()).isTrue();
        JsonNode labels = entry.path("logging.googleapis.com/labels");
        assertThat(labels.path("service").asText()).isEqualTo("probe-service");
        assertThat(labels.path("ce_type").asText()).isEqualTo("pipeline.processor.stuck.v1");
        assertThat(labels.path("processor").asText()).isEqualTo("PlayerGameSummaryProcessor");
        assertThat(labels.path("data_date").asText()).isEqualTo("2026-01-22");
        assertThat(labels.path("correlation_id").asText()).isEqualTo("stuck:" + runId);
        assertThat(entry.has("mdc")).isFalse();
    }

    /** A handler that hands every record it receives to {@code sink}. */
    private static Handler capturing(java.util.function.Consumer<LogRecord> sink) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                sink.accept(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
