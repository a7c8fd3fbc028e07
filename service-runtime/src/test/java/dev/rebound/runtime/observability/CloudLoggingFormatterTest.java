package dev.rebound.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.events.TraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production log format, applied by a real JBoss LogManager handler to records logged inside (and outside) a
 * trace scope: the fields Cloud Logging lifts into the LogEntry are there, named as it expects.
 */
class CloudLoggingFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new ArrayList<>();
    private final Logger logger = Logger.getLogger("rebound.test.cloud-logging");
    private final Handler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            // formatted while the logging thread's MDC is the record's, as the console handler does
            lines.add(getFormatter().format(record));
        }
    };

    @BeforeEach
    void attach() {
        capture.setFormatter(new CloudLoggingFormatter("rebound-prod-4711", "heartbeat-tracker"));
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
    }

    @AfterEach
    void detach() {
        logger.removeHandler(capture);
    }

    private JsonNode only() throws Exception {
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith("\n").doesNotContain("\n{");
        return JSON.readTree(lines.get(0));
    }

    @Test
    void anAlertLoggedInsideATraceScopeCarriesCloudLoggingsTraceFieldsAndLabels() throws Exception {
        TraceContext trace = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();
        try (CurrentTrace.Scope scope = CurrentTrace.open(trace, Map.of("ce_type", "pipeline.processor.stuck.v1",
                "processor", "PlayerGameSummaryProcessor", "data_date", "2026-01-22", "correlation_id", "chain-7"))) {
            logger.log(AlertLevels.CRITICAL, "pipeline.processor.stuck.v1 PlayerGameSummaryProcessor 2026-01-22");
        }

        JsonNode entry = only();
        assertThat(entry.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(entry.path("message").asText())
                .isEqualTo("pipeline.processor.stuck.v1 PlayerGameSummaryProcessor 2026-01-22");
        assertThat(entry.path("logging.googleapis.com/trace").asText())
                .isEqualTo("projects/rebound-prod-4711/traces/4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(entry.path("logging.googleapis.com/spanId").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(entry.path("logging.googleapis.com/trace_sampled").isBoolean()).isTrue();
        assertThat(entry.path("logging.googleapis.com/trace_sampled").asBoolean()).isTrue();
        JsonNode labels = entry.path("logging.googleapis.com/labels");
        assertThat(JSON.convertValue(labels, Map.class)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "service", "heartbeat-tracker", "ce_type", "pipeline.processor.stuck.v1",
                "processor", "PlayerGameSummaryProcessor", "data_date", "2026-01-22", "correlation_id", "chain-7"));
        assertThat(entry.has("mdc")).as("nothing left over under mdc").isFalse();
        assertThat(entry.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat(entry.has("trace")).as("Quarkus' unrecognised trace field").isFalse();
    }

    @Test
    void aNestedScopeGivesBackTheOuterLabelsWhenItCloses() throws Exception {
        TraceContext push = TraceContext.newRoot();
        try (CurrentTrace.Scope outer = CurrentTrace.open(push, Map.of("ce_type", "pipeline.processor.completed.v1",
                "processor", "PredictionCoordinator"))) {
            try (CurrentTrace.Scope alert = CurrentTrace.open(push.child(), Map.of("ce_type",
                    "pipeline.coverage.gap.v1", "game_id", "20260123_TOR_POR"))) {
                logger.info("inner");
            }
            lines.clear();
            logger.info("outer again");
        }

        JsonNode entry = only();
        assertThat(entry.path("logging.googleapis.com/trace").asText()).endsWith("/traces/" + push.traceId());
        assertThat(entry.path("logging.googleapis.com/spanId").asText()).isEqualTo(push.spanId());
        JsonNode labels = entry.path("logging.googleapis.com/labels");
        assertThat(labels.path("ce_type").asText()).isEqualTo("pipeline.processor.completed.v1");
        assertThat(labels.path("processor").asText()).isEqualTo("PredictionCoordinator");
        assertThat(labels.has("game_id")).isFalse();
    }

    @Test
    void outsideAScopeThereIsNoTraceAndTheServiceLabelRemains() throws Exception {
        logger.warning("a warning with no message being handled");

        JsonNode entry = only();
        assertThat(entry.path("severity").asText()).as("JUL/JBoss WARN is Cloud Logging's WARNING").isEqualTo("WARNING");
        assertThat(entry.has("logging.googleapis.com/trace")).isFalse();
        assertThat(entry.has("logging.googleapis.com/spanId")).isFalse();
        assertThat(JSON.convertValue(entry.path("logging.googleapis.com/labels"), Map.class))
                .containsExactlyEntriesOf(Map.of("service", "heartbeat-tracker"));
    }

    @Test
    void anExceptionIsWrittenAsAStackTraceErrorReportingCanRead() throws Exception {
        logger.log(Level.SEVERE, "publish failed", new IllegalStateException("emulator gone"));

        JsonNode entry = only();
        assertThat(entry.path("severity").asText()).isEqualTo("ERROR");
        assertThat(entry.path("stack_trace").asText()).startsWith("java.lang.IllegalStateException: emulator gone")
                .contains("\tat dev.rebound.runtime.observability.CloudLoggingFormatterTest");
    }

    @Test
    void severitiesFollowTheLevelValue() {
        assertThat(CloudLoggingFormatter.severity(org.jboss.logmanager.Level.FATAL)).isEqualTo("CRITICAL");
        assertThat(CloudLoggingFormatter.severity(org.jboss.logmanager.Level.ERROR)).isEqualTo("ERROR");
        assertThat(CloudLoggingFormatter.severity(org.jboss.logmanager.Level.WARN)).isEqualTo("WARNING");
        assertThat(CloudLoggingFormatter.severity(AlertLevels.INFO)).isEqualTo("INFO");
        assertThat(CloudLoggingFormatter.severity(org.jboss.logmanager.Level.DEBUG)).isEqualTo("DEBUG");
        assertThat(CloudLoggingFormatter.severity(Level.FINEST)).isEqualTo("DEBUG");
    }

    @Test
    void theSetupFindsTheConsoleHandlerQuarkusNestsInsideADelegatingHandler() {
        ConsoleHandler console = new ConsoleHandler();
        ExtHandler delegating = new ExtHandler() {
        };
        delegating.addHandler(console);
        CloudLoggingFormatter formatter = new CloudLoggingFormatter("p", "s");

        assertThat(CloudLoggingSetup.install(new Handler[] {delegating}, formatter)).containsExactly(console);
        assertThat(console.getFormatter()).isSameAs(formatter);
    }
}
