package dev.rebound.runtime.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DeliveryBacklogTest {
    private static final Instant T0 = Instant.parse("2026-01-23T06:00:00Z");

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Moving clock = new Moving();
    private final DeliveryBacklog backlog = new DeliveryBacklog(clock);

    @Test
    void theOldestDeliveryOfTheLastMinuteIsItsAge() {
        backlog.started(T0.minusSeconds(3));
        backlog.started(T0.minusMillis(500));
        assertThat(backlog.oldestDeliveryAgeSeconds()).isEqualTo(3.0);
        assertThat(backlog.inFlight()).isEqualTo(2);
        backlog.finished();
        assertThat(backlog.inFlight()).isEqualTo(1);
    }

    @Test
    void aDeliveryWithoutPublishTimeCountsInFlightButHasNoAge() {
        backlog.started(null);
        assertThat(backlog.inFlight()).isEqualTo(1);
        assertThat(backlog.oldestDeliveryAgeSeconds()).isZero();
    }

    @Test
    void anOldDeliveryIsForgottenAfterOneToTwoMinutes() {
        backlog.started(T0.minusSeconds(40));
        clock.now = T0.plus(Duration.ofSeconds(61));
        assertThat(backlog.oldestDeliveryAgeSeconds()).as("the previous minute still counts").isEqualTo(40.0);
        clock.now = T0.plus(Duration.ofSeconds(125));
        assertThat(backlog.oldestDeliveryAgeSeconds()).isZero();
    }
}
