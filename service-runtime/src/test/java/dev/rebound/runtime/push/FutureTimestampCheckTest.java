package dev.rebound.runtime.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.Fixtures;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FutureTimestampCheckTest {
    private static final Instant NOW = Instant.parse("2026-01-23T15:00:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final EventCodec codec = new EventCodec();
    private final FutureTimestampCheck check = new FutureTimestampCheck(() -> NOW, SKEW);

    /** The type's golden fixture with its own time field and ce-time set as given. */
    private Event<?> fixture(EventType type, Instant own, Instant ceTime) {
        Fixtures.Fixture f = Fixtures.v1(type.ceType());
        String field = codec.decode(f.dataBytes(), f.attributes()).data().occurrence().field();
        assertThat(f.data().has(field)).as(type.ceType() + " has its own time field " + field).isTrue();
        f.data().put(field, own.toString());
        return codec.decode(f.dataBytes(), f.withAttribute(EventAttributes.TIME, ceTime.toString()).attributes());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void anEventWhoseOwnTimeIsTooFarAheadIsRefusedNamingTheField(EventType type) {
        Event<?> event = fixture(type, NOW.plus(SKEW).plusSeconds(1), NOW);
        EventPayload.Occurrence own = event.data().occurrence();

        assertThatThrownBy(() -> check.check(event)).isInstanceOf(EventValidationException.class)
                .hasMessageContaining("data." + own.field() + ": is " + own.at() + ", more than PT5M ahead");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void timesUpToTheSkewAheadArePassed(EventType type) {
        check.check(fixture(type, NOW.plus(SKEW), NOW.plus(SKEW)));
        check.check(fixture(type, NOW.minus(Duration.ofDays(30)), NOW));
    }

    @Test
    void aCeTimeTooFarAheadIsRefusedNamingTheAttribute() {
        Event<?> event = fixture(EventType.PROCESSOR_HEARTBEAT, NOW, NOW.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> check.check(event)).isInstanceOf(EventValidationException.class)
                .satisfies(e -> assertThat(((EventValidationException) e).first().path())
                        .isEqualTo("attributes.ce-time"));
    }

    @Test
    void aNegativeSkewIsRefusedAtStartupNamingTheKey() {
        assertThatThrownBy(() -> new FutureTimestampCheck(Instant::now, Duration.ofMinutes(-1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rebound.events.max-future-skew must be zero or a positive duration");
    }
}
