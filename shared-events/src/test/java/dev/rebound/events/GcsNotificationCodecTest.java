package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.gcs.GcsNotificationCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GcsNotificationCodecTest {
    private final GcsNotificationCodec codec = new GcsNotificationCodec(new EventCodec());
    private final Fixtures.Fixture finalize = Fixtures.read("fixtures/gcs/object-finalize.json");

    @Test
    void decodesCloudStoragesOwnFormat() {
        GcsNotification n = codec.decode(finalize.dataBytes(), finalize.attributes());

        assertThat(n.eventType()).isEqualTo("OBJECT_FINALIZE");
        assertThat(n.objectGeneration()).isEqualTo(1769178600123456L);
        assertThat(n.gsPath()).isEqualTo("gs://nba-scraped-data/espn/rosters/2026-01-23/team_POR.json");
        assertThat(n.object().size()).isEqualTo("18342");
        assertThat(GcsNotificationCodec.isGcsNotification(finalize.attributes())).isTrue();
    }

    @Test
    void encodeThenDecodeGivesTheSameNotification() {
        GcsNotification n = codec.decode(finalize.dataBytes(), finalize.attributes());
        EncodedMessage encoded = codec.encode(n);
        assertThat(codec.decode(encoded.data(), encoded.attributes())).isEqualTo(n);
    }

    @Test
    void missingAttributesAreNamed() {
        assertThatThrownBy(() -> codec.decode(finalize.dataBytes(), finalize.withAttribute("objectGeneration", null).attributes()))
                .isInstanceOf(EventValidationException.class)
                .hasMessageContaining("attributes.objectGeneration: is required");
    }

    @Test
    void nonNumericGenerationIsRejected() {
        assertThatThrownBy(() -> codec.decode(finalize.dataBytes(), finalize.withAttribute("objectGeneration", "abc").attributes()))
                .hasMessageContaining("attributes.objectGeneration: is not a number");
    }

    @Test
    void dataMustBeAnObjectResourceForJsonApiV1() {
        assertThatThrownBy(() -> codec.decode("oops".getBytes(StandardCharsets.UTF_8), finalize.attributes()))
                .hasMessageContaining("data: is not JSON");
    }

    @Test
    void objectNameMustMatchTheAttribute() {
        assertThatThrownBy(() -> codec.decode(finalize.dataBytes(), finalize.withAttribute("objectId", "other.json").attributes()))
                .hasMessageContaining("data.name");
    }

    @Test
    void payloadFormatNoneHasNoObject() {
        GcsNotification n = codec.decode(new byte[0], finalize.withAttribute("payloadFormat", "NONE").attributes());
        assertThat(n.object()).isNull();
    }
}
