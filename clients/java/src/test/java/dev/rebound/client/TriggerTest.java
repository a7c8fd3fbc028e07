package dev.rebound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.RunTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerTest {
    static final LocalDate D = LocalDate.parse("2026-01-22");

    @Test
    void aPushedTriggerGivesTheRunItsDateBackfillCorrelationAndTrace() {
        var sent = Triggers.trigger("PlayerGameSummaryProcessor", D, "stuck", "plan-7");
        Trigger trigger = Trigger.fromPushBody(Triggers.pushBody(sent));
        assertThat(trigger.processor()).isEqualTo("PlayerGameSummaryProcessor");
        assertThat(trigger.dataDate()).isEqualTo(D);
        assertThat(trigger.backfillId()).isEqualTo("plan-7");
        assertThat(trigger.correlationId()).isEqualTo(sent.attributes().correlationId());
        assertThat(trigger.traceparent()).isEqualTo(Triggers.REPAIR_TRACE.traceparent());
        assertThat(trigger.kind()).isEqualTo(RunTrigger.BACKFILL);
        assertThat(trigger.isFor("PlayerGameSummaryProcessor")).isTrue();
        assertThat(trigger.isFor("PlayerDailyCacheProcessor")).isFalse();
    }

    @Test
    void aReplayedOrManualTriggerSaysSo() {
        EncodedMessage replayed = new EventCodec().encode(Triggers.trigger("P", D, "backfill", "b"));
        Map<String, String> attributes = new HashMap<>(replayed.attributes());
        attributes.put(EventAttributes.REPLAY, "true");
        assertThat(Trigger.fromMessage(replayed.data(), attributes).kind()).isEqualTo(RunTrigger.REPLAY);
        assertThat(Trigger.fromPushBody(Triggers.pushBody(Triggers.trigger("P", D, "replay of 2026-01-22", "b")))
                .kind()).isEqualTo(RunTrigger.REPLAY);
        assertThat(Trigger.fromPushBody(Triggers.pushBody(Triggers.trigger("P", D, "manual re-run", "b"))).kind())
                .isEqualTo(RunTrigger.MANUAL);
    }

    @Test
    void whatIsNotATriggerIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Trigger.fromPushBody("not json")).isInstanceOf(EventValidationException.class)
                .hasMessageStartingWith("body: is not JSON");
        assertThatThrownBy(() -> Trigger.fromPushBody("{\"subscription\":\"s\"}"))
                .hasMessageStartingWith("body.message: is required");
        assertThatThrownBy(() -> Trigger.fromPushBody("{\"message\":{\"data\":\"%%%\"}}"))
                .hasMessageStartingWith("body.message.data: is not base64");

        EncodedMessage valid = new EventCodec().encode(Triggers.trigger("P", D, "stuck", "b"));
        String withoutBackfill = valid.dataAsString().replaceAll(",?\"backfill_id\":\"b\"", "");
        assertThatThrownBy(() -> Trigger.fromMessage(withoutBackfill.getBytes(StandardCharsets.UTF_8),
                valid.attributes())).isInstanceOf(EventValidationException.class)
                .hasMessageContaining("data.backfill_id: is required");

        EncodedMessage completed = new EventCodec().encode(Event.of("//processors/p", Instant.now(),
                new ProcessorCompleted("P", "run-1", D, Instant.now(), 3), null));
        assertThatThrownBy(() -> Trigger.fromMessage(completed.data(), completed.attributes()))
                .isInstanceOf(EventValidationException.class)
                .hasMessage("attributes.ce-type: is 'pipeline.processor.completed.v1', not pipeline.processor.trigger.v1");
    }
}
