package dev.rebound.runtime.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushEnvelopeTest {
    private static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void decodesGooglesPushFormat() throws Exception {
        PushEnvelope e = PushEnvelope.parse(json("{\"subscription\":\"projects/p/subscriptions/heartbeat-tracker--x\","
                + "\"message\":{\"data\":\"aGVsbG8=\",\"attributes\":{\"ce-id\":\"1\"},\"messageId\":\"42\","
                + "\"publishTime\":\"2026-01-23T15:00:00Z\"}}"));
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(e.attributes()).containsEntry("ce-id", "1");
        assertThat(e.messageId()).isEqualTo("42");
        assertThat(e.subscriptionName()).isEqualTo("heartbeat-tracker--x");
    }

    @Test
    void aMessageWithoutDataHasEmptyData() throws Exception {
        assertThat(PushEnvelope.parse(json("{\"message\":{\"messageId\":\"1\"}}")).data()).isEmpty();
    }

    @Test
    void problemsAreReportedWithTheirPath() {
        assertThatThrownBy(() -> PushEnvelope.parse(json("[]"))).isInstanceOf(EventValidationException.class)
                .hasMessageContaining("body: push body must be a JSON object");
        assertThatThrownBy(() -> PushEnvelope.parse(json("{}")))
                .hasMessageContaining("body.message: push body has no message object");
        assertThatThrownBy(() -> PushEnvelope.parse(json("{\"message\":{\"data\":\"@@@\"}}")))
                .hasMessageContaining("body.message.data: is not valid base64");
        assertThatThrownBy(() -> PushEnvelope.parse(json("{\"message\":{\"attributes\":[1]}}")))
                .hasMessageContaining("body.message.attributes");
    }
}
