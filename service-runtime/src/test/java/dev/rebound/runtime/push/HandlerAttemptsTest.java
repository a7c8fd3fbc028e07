package dev.rebound.runtime.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.runtime.pubsub.PublishFailedException;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandlerAttemptsTest {
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aDeterministicFailureIsTriedTheConfiguredNumberOfTimesThenRefusedNamingTheException() {
        HandlerAttempts attempts = new HandlerAttempts(3);

        assertThatThrownBy(() -> attempts.run(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("unknown processor X");
        }, "m-1")).isInstanceOf(HandlerAttempts.DeterministicFailureException.class)
                .hasMessage("java.lang.IllegalArgumentException: unknown processor X (3 attempts)")
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(((EventRejectedException) e).path()).isEqualTo("handler"));
        assertThat(calls).hasValue(3);
    }

    @Test
    void aTransientFailureGoesBackToPubSubAtOnce() {
        HandlerAttempts attempts = new HandlerAttempts(3);

        assertThatThrownBy(() -> attempts.run(() -> {
            calls.incrementAndGet();
            throw new PublishFailedException("publish to pipeline-alerts failed", null);
        }, "m-2")).isInstanceOf(PublishFailedException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailureThatDoesNotRepeatIsAbsorbedByTheNextAttempt() throws Exception {
        HandlerAttempts attempts = new HandlerAttempts(3);

        String outcome = attempts.run(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("lost a race with another instance");
            }
            return "processed";
        }, "m-3");

        assertThat(outcome).isEqualTo("processed");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aHandlersOwnRefusalIsNotTriedAgain() {
        HandlerAttempts attempts = new HandlerAttempts(3);

        assertThatThrownBy(() -> attempts.run(() -> {
            calls.incrementAndGet();
            throw new EventRejectedException("data.processor", "not in the topology");
        }, "m-4")).isExactlyInstanceOf(EventRejectedException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void fewerThanOneAttemptIsRefusedAtStartupNamingTheKey() {
        assertThatThrownBy(() -> new HandlerAttempts(0)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rebound.push.handler-attempts must be at least 1");
    }
}
