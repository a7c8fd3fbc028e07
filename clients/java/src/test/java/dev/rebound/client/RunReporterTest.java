package dev.rebound.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.Event;
import dev.rebound.events.TraceContext;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorFailed.Reason;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run lifecycle on a clock the test moves: what is published when, what a hung block looks like, how failures
 * are reported, and what invalid use says. The sink is where events leave the client; the emulator tests send them
 * to Pub/Sub.
 */
class RunReporterTest {
    static final String P = "PlayerGameSummaryProcessor";
    static final LocalDate D = LocalDate.parse("2026-01-22");
    static final Instant T0 = Instant.parse("2026-01-23T15:00:00Z");
    static final Duration FLUSH = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(T0);
    private final RecordingSink sink = new RecordingSink(0);
    private final ReboundClient rebound = ReboundClient.builder().clock(clock).sink(sink).build();

    @AfterEach
    void close() {
        rebound.close();
    }

    /** Moves the clock a minute at a time, letting each heartbeat leave before the next (a newer one replaces a queued one). */
    private void minutes(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(60));
            assertThat(rebound.flush(FLUSH)).isTrue();
        }
    }

    private List<Object> published() {
        assertThat(rebound.flush(FLUSH)).isTrue();
        return sink.payloads();
    }

    @Test
    void heartbeatsWhileTheBlockShowsLifeStopWhenItHangsAndResumeWhenItMovesAgain() {
        RunReporter run = RunReporter.builder(rebound, P, D).heartbeatInterval(Duration.ofSeconds(60))
                .stallAfter(Duration.ofSeconds(150)).start();
        minutes(5);
        List<Object> hung = published();
        assertThat(hung).hasSize(3);
        assertThat(hung.get(0)).isInstanceOfSatisfying(ProcessorStarted.class, s -> {
            assertThat(s.startedAt()).isEqualTo(T0);
            assertThat(s.heartbeatIntervalS()).isEqualTo(60);
            assertThat(s.trigger()).isEqualTo(RunTrigger.SCHEDULED);
            assertThat(s.runId()).isEqualTo(run.runId());
        });
        // beats at +60 and +120; the one due at +180 finds no sign of life for 150 s, so the run falls silent
        assertThat(hung.subList(1, 3)).extracting(e -> ((ProcessorHeartbeat) e).at())
                .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));

        run.progress(40, 100);
        minutes(1);
        assertThat(published().get(3)).isInstanceOfSatisfying(ProcessorHeartbeat.class, h -> {
            assertThat(h.at()).isEqualTo(T0.plusSeconds(360));
            assertThat(h.progress()).isEqualTo(new ProcessorHeartbeat.Progress(40, 100));
        });
        run.complete(100);
        minutes(10);
        List<Object> all = published();
        assertThat(all).hasSize(5);
        assertThat(all.get(4)).isEqualTo(new ProcessorCompleted(P, run.runId(), D, T0.plusSeconds(360), 100));
    }

    @Test
    void withoutStallDetectionItBeatsForAsLongAsTheRunIsOpen() {
        RunReporter run = RunReporter.builder(rebound, P, D).heartbeatInterval(Duration.ofSeconds(60))
                .noStallDetection().start();
        minutes(30);
        assertThat(published()).hasSize(31);
        run.complete(0);
    }

    @Test
    void aBlockLeftWithoutCompleteIsReportedFailed() {
        assertThatThrownBy(() -> {
            try (RunReporter run = RunReporter.start(rebound, P, D, null)) {
                throw new IllegalStateException("boom");
            }
        }).hasMessage("boom");
        assertThat(published().get(1)).isInstanceOfSatisfying(ProcessorFailed.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.ERROR);
            assertThat(f.retryable()).isTrue();
            assertThat(f.message()).startsWith("the run ended without complete()");
        });
    }

    @Test
    void aFailureSaysTheExceptionsReasonMessageAndRetryability() {
        List<Throwable> failures = List.of(new SocketTimeoutException("Read timed out"),
                RunFailure.upstreamMissing("nba_raw.espn_team_rosters has 12 of 30 teams"),
                new RunFailure(Reason.ERROR, "schema of the source changed", false),
                new IllegalArgumentException("bad row 7"), new NullPointerException());
        for (Throwable failure : failures) {
            RunReporter.start(rebound, P, D, null).fail(failure);
        }
        List<ProcessorFailed> reported = published().stream().filter(ProcessorFailed.class::isInstance)
                .map(ProcessorFailed.class::cast).toList();
        assertThat(reported).extracting(ProcessorFailed::reason, ProcessorFailed::message, ProcessorFailed::retryable)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Reason.TIMEOUT, "SocketTimeoutException: Read timed out", true),
                        org.assertj.core.groups.Tuple.tuple(Reason.UPSTREAM_MISSING,
                                "nba_raw.espn_team_rosters has 12 of 30 teams", true),
                        org.assertj.core.groups.Tuple.tuple(Reason.ERROR, "schema of the source changed", false),
                        org.assertj.core.groups.Tuple.tuple(Reason.ERROR, "IllegalArgumentException: bad row 7", true),
                        org.assertj.core.groups.Tuple.tuple(Reason.ERROR, "NullPointerException", true));
    }

    @Test
    void aTriggersBackfillCorrelationAndTraceReachEveryEventOfTheRun() {
        Event<?> sent = Triggers.trigger(P, D, "stuck", "plan-7");
        Trigger trigger = Trigger.fromPushBody(Triggers.pushBody(sent));
        RunReporter run = RunReporter.start(rebound, P, D, trigger);
        minutes(1);
        run.complete(12);
        assertThat(published()).hasSize(3);
        assertThat(sink.published.get(0).data()).isInstanceOfSatisfying(ProcessorStarted.class, s -> {
            assertThat(s.backfillId()).isEqualTo("plan-7");
            assertThat(s.trigger()).isEqualTo(RunTrigger.BACKFILL);
        });
        TraceContext runSpan = TraceContext.parse(run.traceparent()).orElseThrow();
        assertThat(runSpan.traceId()).isEqualTo(Triggers.REPAIR_TRACE.traceId());
        assertThat(runSpan.spanId()).isNotEqualTo(Triggers.REPAIR_TRACE.spanId());
        for (Event<?> event : sink.published) {
            assertThat(event.attributes().correlationId()).isEqualTo(sent.attributes().correlationId());
            assertThat(event.attributes().extensions()).containsEntry(TraceContext.ATTRIBUTE, run.traceparent());
            assertThat(event.attributes().source()).isEqualTo("//processors/player-game-summary");
        }
    }

    @Test
    void invalidUseIsRefusedNamingTheField() {
        assertThatThrownBy(() -> RunReporter.start(rebound, "", D, null))
                .isInstanceOf(EventValidationException.class).hasMessageContaining("data.processor");
        assertThatThrownBy(() -> RunReporter.start(rebound, P, D,
                Trigger.fromPushBody(Triggers.pushBody(Triggers.trigger("OtherProcessor", D, "stuck", "b")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trigger.processor");
        assertThatThrownBy(() -> RunReporter.builder(rebound, P, D).heartbeatInterval(Duration.ofMillis(500)))
                .hasMessageStartingWith("heartbeat_interval_s");
        RunReporter run = RunReporter.start(rebound, P, D, null);
        assertThatThrownBy(() -> run.progress(-1, 10)).hasMessageStartingWith("progress.done");
        assertThatThrownBy(() -> run.complete(-5)).isInstanceOf(EventValidationException.class)
                .hasMessageContaining("data.records_written");
        run.complete(5);
        assertThatThrownBy(() -> run.complete(5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already completed");
    }

    @Test
    void theSourceNamesTheProcessorInKebabCase() {
        assertThat(RunReporter.sourceName("PlayerGameSummaryProcessor")).isEqualTo("player-game-summary");
        assertThat(RunReporter.sourceName("ESPNRosterScraper")).isEqualTo("espn-roster-scraper");
        assertThat(RunReporter.sourceName("nightly_export job")).isEqualTo("nightly-export-job");
    }
}
