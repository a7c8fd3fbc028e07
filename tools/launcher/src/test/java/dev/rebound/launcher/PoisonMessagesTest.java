package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.EventAttributes;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.scenario.Scenario;
import dev.rebound.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each kind of poison the launcher sends is refused by the services' own codec, for the reason it is meant to. */
class PoisonMessagesTest {
    private final EventCodec codec = new EventCodec();
    private final Instant now = Instant.parse("2026-01-23T06:10:00Z");

    private EventValidationException refusal(EncodedMessage m) {
        try {
            codec.decode(m.data(), m.attributes());
        } catch (EventValidationException e) {
            return e;
        }
        throw new AssertionError("the codec accepted the poison " + m.attributes());
    }

    @Test
    void notJsonIsRefusedForItsData() {
        EncodedMessage m = PoisonMessages.message(new Scenario.Poison(now, "processor-heartbeats",
                Scenario.PoisonKind.not_json, null, null), now);

        assertThat(m.attributes()).containsEntry(EventAttributes.TYPE, "pipeline.processor.started.v1")
                .containsEntry(EventAttributes.TIME, now.toString()).containsEntry(PoisonMessages.MARKER, "not_json");
        EventValidationException e = refusal(m);
        assertThat(e.first().path()).isEqualTo("data");
        assertThat(e.getMessage()).contains("is not JSON");
    }

    @Test
    void wrongSchemaIsRefusedForTheMissingFields() {
        EventValidationException e = refusal(PoisonMessages.message(new Scenario.Poison(now, "processor-completions",
                Scenario.PoisonKind.wrong_schema, null, null), now));

        assertThat(e.first().path()).startsWith("data.");
        assertThat(e.getMessage()).contains("data.run_id: is required");
    }

    @Test
    void aMissingAttributeIsRefusedForThatAttribute() {
        EncodedMessage m = PoisonMessages.message(new Scenario.Poison(now, "pipeline-alerts",
                Scenario.PoisonKind.missing_attribute, "pipeline.coverage.gap.v1", "ce-id"), now);

        assertThat(m.attributes()).doesNotContainKey("ce-id").containsEntry("ce-type", "pipeline.coverage.gap.v1");
        assertThat(refusal(m).first().path()).isEqualTo("attributes.ce-id");
    }

    @Test
    void onlyWhatIsDueIsSentAndTheCascadeSendsFour() {
        Scenario cascade = ScenarioLoader.load(Path.of("../../scenarios/2026-01-23-cascade.yaml"));
        PoisonMessages poison = new PoisonMessages(cascade, "127.0.0.1:1");

        assertThat(poison.sendDue(cascade.start())).isEmpty();
        assertThat(poison.unsent()).isEqualTo(4);
        assertThatThrownBy(() -> poison.sendDue(cascade.end())).as("nothing listens on port 1")
                .isInstanceOf(RuntimeException.class);
        assertThat(poison.unsent()).as("a message that could not be published is still owed").isEqualTo(4);
    }
}
