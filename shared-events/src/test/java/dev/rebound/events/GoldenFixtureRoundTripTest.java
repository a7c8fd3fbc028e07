package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GoldenFixtureRoundTripTest {
    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeDecodesFromItsFixtureAndEncodesBackToIt(EventType type) throws IOException {
        Fixtures.Fixture fixture = Fixtures.v1(type.ceType());

        Event<?> event = codec.decode(fixture.dataBytes(), fixture.attributes());

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.data()).isInstanceOf(type.payloadClass());
        EncodedMessage encoded = codec.encode(event);
        JsonNode reencoded = Json.mapper().readTree(encoded.data());
        assertThat(reencoded).isEqualTo(fixture.data());
        assertThat(encoded.attributes()).isEqualTo(fixture.attributes());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void freshEventsCarryTheCloudEventsAttributes(EventType type) {
        Event<?> decoded = codec.decode(Fixtures.v1(type.ceType()).dataBytes(), Fixtures.v1(type.ceType()).attributes());

        EncodedMessage encoded = codec.encode(Event.of("//rebound/test", decoded.attributes().time(), decoded.data(), null));

        assertThat(encoded.attributes())
                .containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-type", type.ceType())
                .containsEntry("ce-source", "//rebound/test")
                .containsEntry("content-type", "application/json")
                .containsKey("ce-id")
                .containsKey("ce-time");
        if (decoded.data() instanceof RunScoped run) {
            assertThat(encoded.attributes())
                    .containsEntry("processor", run.processor())
                    .containsEntry("data_date", run.dataDate().toString());
        }
    }
}
