package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Violation;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per validation rule: each names the field path and the reason. */
class EventCodecValidationTest {
    private final EventCodec codec = new EventCodec();
    private final Fixtures.Fixture started = Fixtures.v1("pipeline.processor.started.v1");

    private static void assertViolation(ThrowingCallable call, String path, String reasonFragment) {
        assertThatThrownBy(call)
                .isInstanceOf(EventValidationException.class)
                .satisfies(e -> assertThat(((EventValidationException) e).violations())
                        .anySatisfy(v -> {
                            assertThat(v.path()).isEqualTo(path);
                            assertThat(v.reason()).contains(reasonFragment);
                        }));
    }

    private void decode(Fixtures.Fixture f) {
        codec.decode(f.dataBytes(), f.attributes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce-specversion", "ce-id", "ce-source", "ce-type", "ce-time", "content-type"})
    void eachRequiredAttributeIsRequired(String attribute) {
        assertViolation(() -> decode(started.withAttribute(attribute, null)), "attributes." + attribute, "is required");
    }

    @Test
    void specVersionMustBeOnePointZero() {
        assertViolation(() -> decode(started.withAttribute("ce-specversion", "0.3")), "attributes.ce-specversion",
                "must be '1.0'");
    }

    @Test
    void ceTimeMustBeRfc3339() {
        assertViolation(() -> decode(started.withAttribute("ce-time", "yesterday")), "attributes.ce-time",
                "RFC 3339");
    }

    @Test
    void contentTypeMustBeJson() {
        assertViolation(() -> decode(started.withAttribute("content-type", "text/plain")), "attributes.content-type",
                "application/json");
    }

    @Test
    void unknownCeTypeIsRejected() {
        assertViolation(() -> decode(started.withAttribute("ce-type", "pipeline.processor.exploded.v1")),
                "attributes.ce-type", "unknown ce-type 'pipeline.processor.exploded.v1'");
    }

    @Test
    void routingAttributeDataDateMustBeADate() {
        assertViolation(() -> decode(started.withAttribute("data_date", "23/01/2026")), "attributes.data_date",
                "YYYY-MM-DD");
    }

    @Test
    void runScopedEventsNeedTheirRoutingAttributes() {
        assertViolation(() -> decode(started.withAttribute("processor", null)), "attributes.processor", "is required");
        assertViolation(() -> decode(started.withAttribute("data_date", null)), "attributes.data_date", "is required");
    }

    @Test
    void routingAttributesMustAgreeWithTheData() {
        assertViolation(() -> decode(started.withAttribute("processor", "OtherProcessor")), "attributes.processor",
                "but data.processor is 'PlayerGameSummaryProcessor'");
        assertViolation(() -> decode(started.withAttribute("data_date", "2026-01-21")), "attributes.data_date",
                "but data.data_date is '2026-01-22'");
    }

    @Test
    void emptyDataIsRejected() {
        assertViolation(() -> codec.decode(new byte[0], started.attributes()), "data", "is empty");
    }

    @Test
    void dataMustBeUtf8() {
        byte[] latin1 = "{\"processor\":\"Caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertViolation(() -> codec.decode(latin1, started.attributes()), "data", "not valid UTF-8");
    }

    @Test
    void dataMustBeJson() {
        assertViolation(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8), started.attributes()), "data",
                "is not JSON");
    }

    @Test
    void dataMustBeAnObject() {
        assertViolation(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8), started.attributes()), "data",
                "must be a JSON object");
    }

    @Test
    void oversizedDataIsRejectedBeforeParsing() {
        byte[] big = new byte[EventCodec.DEFAULT_MAX_DATA_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        assertViolation(() -> codec.decode(big, started.attributes()), "data", "exceeds the limit of 1048576 bytes");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        Fixtures.Fixture f = new Fixtures.Fixture(started.attributes(), started.data().deepCopy());
        f.data().remove("run_id");
        assertViolation(() -> decode(f), "data.run_id", "is required");
    }

    @Test
    void wrongFieldTypeIsNamed() {
        Fixtures.Fixture f = new Fixtures.Fixture(started.attributes(), started.data().deepCopy());
        f.data().put("heartbeat_interval_s", "sixty");
        assertViolation(() -> decode(f), "data.heartbeat_interval_s", "integer");
    }

    @Test
    void enumValuesAreChecked() {
        Fixtures.Fixture f = new Fixtures.Fixture(started.attributes(), started.data().deepCopy());
        f.data().put("trigger", "whenever");
        assertViolation(() -> decode(f), "data.trigger", "enum");
    }

    @Test
    void datesMustBeIsoDates() {
        Fixtures.Fixture f = new Fixtures.Fixture(started.attributes(), started.data().deepCopy());
        f.data().put("data_date", "Jan 22");
        assertViolation(() -> decode(f.withAttribute("data_date", null)), "data.data_date", "");
    }

    @Test
    void timestampsMustBeRfc3339() {
        Fixtures.Fixture f = new Fixtures.Fixture(started.attributes(), started.data().deepCopy());
        f.data().put("started_at", "2026-01-23 15:00");
        assertViolation(() -> decode(f), "data.started_at", "date-time");
    }

    @Test
    void countsCannotBeNegative() {
        Fixtures.Fixture completed = Fixtures.v1("pipeline.processor.completed.v1");
        Fixtures.Fixture f = new Fixtures.Fixture(completed.attributes(), completed.data().deepCopy());
        f.data().put("records_written", -1);
        assertViolation(() -> decode(f), "data.records_written", "minimum");
    }

    @Test
    void nestedFieldPathsAreReported() {
        Fixtures.Fixture stale = Fixtures.v1("pipeline.roster.stale.v1");
        Fixtures.Fixture f = new Fixtures.Fixture(stale.attributes(), stale.data().deepCopy());
        ((com.fasterxml.jackson.databind.node.ObjectNode) f.data().get("stale").get(1)).remove("age_days");
        assertViolation(() -> decode(f), "data.stale[1].age_days", "is required");
    }

    @Test
    void encodeRefusesAnInvalidPayload() {
        ProcessorStarted bad = new ProcessorStarted("PlayerGameSummaryProcessor", null, LocalDate.of(2026, 1, 22),
                Instant.parse("2026-01-23T15:00:00Z"), 60, RunTrigger.SCHEDULED);
        assertViolation(() -> codec.encode(Event.of("//test", Instant.now(), bad, null)), "data.run_id", "is required");
    }

    @Test
    void encodeRefusesANonPositiveHeartbeatInterval() {
        ProcessorStarted bad = new ProcessorStarted("P", "r", LocalDate.of(2026, 1, 22),
                Instant.parse("2026-01-23T15:00:00Z"), 0, RunTrigger.SCHEDULED);
        assertViolation(() -> codec.encode(Event.of("//test", Instant.now(), bad, null)), "data.heartbeat_interval_s",
                "minimum");
    }

    @Test
    void unknownExtraAttributesArePreservedAsExtensions() {
        Event<?> event = codec.decode(started.dataBytes(), started.withAttribute("traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").attributes());
        assertThat(event.attributes().extensions()).containsKey("traceparent");
        assertThat(codec.encode(event).attributes()).containsKey("traceparent");
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        Fixtures.Fixture failed = Fixtures.v1("pipeline.processor.failed.v1");
        Fixtures.Fixture f = new Fixtures.Fixture(failed.attributes(), failed.data().deepCopy());
        f.data().remove("message");
        f.data().put("retryable", "yes");
        EventValidationException e = org.junit.jupiter.api.Assertions.assertThrows(EventValidationException.class,
                () -> decode(f));
        assertThat(e.violations()).extracting(Violation::path).contains("data.message", "data.retryable");
        assertThat(e.getMessage()).contains("data.message: is required");
    }

    @Test
    void decodedPayloadIsTyped() {
        Fixtures.Fixture failed = Fixtures.v1("pipeline.processor.failed.v1");
        Event<?> event = codec.decode(failed.dataBytes(), failed.attributes());
        assertThat(event.data()).isEqualTo(new ProcessorFailed("PlayerGameSummaryProcessor", "run-pgs-0122-1",
                LocalDate.of(2026, 1, 22), Instant.parse("2026-01-23T15:04:05Z"), ProcessorFailed.Reason.STUCK,
                "no heartbeat for 245 s (threshold 180 s)", true));
        assertThat(event.attributes().processor()).isEqualTo("PlayerGameSummaryProcessor");
        assertThat(Map.of()).isEmpty();
    }
}
