package dev.rebound.runtime.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.runtime.config.ReboundConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PullSettingsTest {
    private static ReboundConfig.Push.Pull pull(int maxOutstanding, Duration lease) {
        return new ReboundConfig.Push.Pull() {
            @Override
            public int maxOutstanding() {
                return maxOutstanding;
            }

            @Override
            public Duration lease() {
                return lease;
            }
        };
    }

    @Test
    void theDefaultsAreValid() {
        assertThatCode(() -> PullDelivery.validate(pull(10, Duration.ofSeconds(10)))).doesNotThrowAnyException();
    }

    @Test
    void aStreamMustBeAllowedAtLeastOneMessage() {
        assertThatThrownBy(() -> PullDelivery.validate(pull(0, Duration.ofSeconds(10))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(PullDelivery.MAX_OUTSTANDING_KEY);
    }

    @Test
    void aLeaseOutsidePubSubsAckDeadlineBoundsIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> PullDelivery.validate(pull(10, Duration.ofSeconds(5))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(PullDelivery.LEASE_KEY);
        assertThatThrownBy(() -> PullDelivery.validate(pull(10, Duration.ofMinutes(11))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(PullDelivery.LEASE_KEY);
    }

    @Test
    void reopeningBacksOffToAFewSecondsAtMost() {
        assertThat(PullDelivery.backOff(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(PullDelivery.backOff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PullDelivery.backOff(40)).isEqualTo(Duration.ofSeconds(5));
    }
}
