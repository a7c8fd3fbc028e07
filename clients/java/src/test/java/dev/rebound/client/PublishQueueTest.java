package dev.rebound.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Publish failures are retried in order and in the background; the processor's work only ever waits a timeout. */
class PublishQueueTest {
    static final LocalDate D = LocalDate.parse("2026-01-22");
    static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(20));

    @Test
    void failedPublishesAreRetriedUntilTheyGoThroughInOrder() {
        RecordingSink sink = new RecordingSink(4);
        try (ReboundClient rebound = ReboundClient.builder().sink(sink).backoff(FAST).build()) {
            RunReporter run = RunReporter.start(rebound, "P", D, null);
            run.complete(3);
            assertThat(rebound.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sink.attempts.get()).isEqualTo(6);
            assertThat(sink.payloads()).hasSize(2).first().isInstanceOf(ProcessorStarted.class);
            assertThat(sink.payloads().get(1)).isInstanceOf(ProcessorCompleted.class);
        }
    }

    @Test
    void aPubSubThatNeverAnswersCostsTheWorkOnlyItsTimeouts() {
        RecordingSink sink = new RecordingSink(Integer.MAX_VALUE);
        ReboundClient rebound = ReboundClient.builder().sink(sink).backoff(FAST)
                .startTimeout(Duration.ofMillis(200)).flushTimeout(Duration.ofMillis(200)).build();
        Instant before = Instant.now();
        long result;
        try (RunReporter run = RunReporter.start(rebound, "P", D, null)) {
            result = 6 * 7;
            run.complete(result);
        }
        rebound.close();
        assertThat(result).isEqualTo(42);
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(sink.attempts.get()).isGreaterThan(1);
        assertThat(sink.published).isEmpty();
    }

    @Test
    void aMessagePubSubRefusesForItselfIsNotRetried() {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        EventSink refusing = event -> {
            attempts.incrementAndGet();
            throw new PublishRefusedException("INVALID_ARGUMENT: attribute value too long", null);
        };
        try (ReboundClient rebound = ReboundClient.builder().sink(refusing).backoff(FAST).build()) {
            RunReporter run = RunReporter.start(rebound, "P", D, null);
            assertThat(rebound.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(attempts.get()).isEqualTo(1);
            run.complete(0);
        }
    }

    @Test
    void aQueuedHeartbeatIsReplacedByTheNewerOneOfItsRun() {
        RecordingSink sink = new RecordingSink(Integer.MAX_VALUE);
        ManualClock clock = new ManualClock(Instant.parse("2026-01-23T15:00:00Z"));
        try (ReboundClient rebound = ReboundClient.builder().sink(sink).clock(clock).backoff(FAST)
                .startTimeout(Duration.ZERO).build()) {
            RunReporter run = RunReporter.builder(rebound, "P", D).heartbeatInterval(Duration.ofSeconds(60)).start();
            clock.advance(Duration.ofMinutes(5));
            sink.recover();
            assertThat(rebound.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sink.payloads()).hasSize(2);
            assertThat(sink.payloads().get(1)).isInstanceOfSatisfying(ProcessorHeartbeat.class,
                    h -> assertThat(h.at()).isEqualTo(Instant.parse("2026-01-23T15:05:00Z")));
            run.complete(1);
        }
    }
}
