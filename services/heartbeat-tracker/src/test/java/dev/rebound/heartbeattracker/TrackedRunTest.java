package dev.rebound.heartbeattracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrackedRunTest {
    private static final int DEFAULT_INTERVAL = 60;
    private static final LocalDate DATE = LocalDate.parse("2026-01-22");
    private static final Instant T0 = Instant.parse("2026-01-23T06:00:00Z");
    private static final String P = "PlayerGameSummaryProcessor";
    /** When the tracker received an event, where that does not matter: after the time it carries. */
    private static final Instant RECEIVED = T0.plus(Duration.ofDays(1));

    private final ProcessorStarted started = new ProcessorStarted(P, "r1", DATE, T0, 30, RunTrigger.SCHEDULED);
    private final ProcessorHeartbeat beat1 = heartbeat(T0.plusSeconds(30), 10);
    private final ProcessorHeartbeat beat2 = heartbeat(T0.plusSeconds(60), 20);
    private final ProcessorCompleted completed = new ProcessorCompleted(P, "r1", DATE, T0.plusSeconds(90), 512);

    private static ProcessorHeartbeat heartbeat(Instant at, long done) {
        return new ProcessorHeartbeat(P, "r1", DATE, at, new ProcessorHeartbeat.Progress(done, 100));
    }

    private static UnaryOperator<TrackedRun> of(Object event) {
        return run -> switchOn(run, event).run();
    }

    private static TrackedRun.Transition switchOn(TrackedRun run, Object event) {
        if (event instanceof ProcessorStarted e) {
            return TrackedRun.started(run, e, DEFAULT_INTERVAL, RECEIVED);
        }
        if (event instanceof ProcessorHeartbeat e) {
            return TrackedRun.heartbeat(run, e, DEFAULT_INTERVAL, RECEIVED);
        }
        if (event instanceof ProcessorCompleted e) {
            return TrackedRun.completed(run, e, DEFAULT_INTERVAL, RECEIVED);
        }
        return TrackedRun.failed(run, (ProcessorFailed) event, DEFAULT_INTERVAL, RECEIVED);
    }

    private static TrackedRun replay(List<?> events) {
        TrackedRun run = null;
        for (Object e : events) {
            run = of(e).apply(run);
        }
        return run;
    }

    @Test
    void aNormalRunEndsCompletedWithItsDurationAndLastProgress() {
        TrackedRun run = replay(List.of(started, beat1, beat2, completed));

        assertThat(run.state()).isEqualTo(RunState.completed);
        assertThat(run.duration()).contains(Duration.ofSeconds(90));
        assertThat(run.progressDone()).isEqualTo(20);
        assertThat(run.heartbeatIntervalS()).isEqualTo(30);
        assertThat(run.trigger()).isEqualTo("scheduled");
        assertThat(run.recordsWritten()).isEqualTo(512);
    }

    @Test
    void everyOrderAndRepetitionOfTheSameEventsEndsInTheSameRecord() {
        TrackedRun expected = replay(List.of(started, beat1, beat2, completed));
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            List<Object> events = new ArrayList<>(List.of(started, beat1, beat2, completed));
            events.add(events.get(random.nextInt(events.size())));
            Collections.shuffle(events, random);
            assertThat(replay(events)).as("order %s", events).isEqualTo(expected);
        }
    }

    @Test
    void aHeartbeatForAnUnknownRunCreatesItWithTheDefaultIntervalAndTheStartFillsItIn() {
        TrackedRun created = TrackedRun.heartbeat(null, beat1, DEFAULT_INTERVAL, RECEIVED).run();
        assertThat(created.state()).isEqualTo(RunState.running);
        assertThat(created.heartbeatIntervalS()).isEqualTo(DEFAULT_INTERVAL);
        assertThat(created.lastSeenAt()).isEqualTo(beat1.at());

        TrackedRun afterStart = TrackedRun.started(created, started, DEFAULT_INTERVAL, RECEIVED).run();
        assertThat(afterStart.heartbeatIntervalS()).isEqualTo(30);
        assertThat(afterStart.startedAt()).isEqualTo(T0);
        assertThat(afterStart.lastSeenAt()).as("an older start does not move silence back").isEqualTo(beat1.at());
    }

    @Test
    void aRunThatNeverHeartbeatedIsMeasuredFromItsStart() {
        TrackedRun run = TrackedRun.started(null, started, DEFAULT_INTERVAL, RECEIVED).run();
        Duration threshold = Duration.ofSeconds(90);

        assertThat(run.silentLongerThan(threshold, T0.plusSeconds(90))).isFalse();
        assertThat(run.silentLongerThan(threshold, T0.plusSeconds(91))).isTrue();
    }

    @Test
    void aCompletedRunStaysClosedWhateverArrivesLater() {
        TrackedRun run = replay(List.of(completed, started, beat2,
                new ProcessorFailed(P, "r1", DATE, T0.plusSeconds(200), ProcessorFailed.Reason.ERROR, "late", true)));

        assertThat(run.state()).isEqualTo(RunState.completed);
        assertThat(run.startedAt()).isEqualTo(T0);
        assertThat(run.lastHeartbeatAt()).isEqualTo(beat2.at());
        assertThat(run.silentLongerThan(Duration.ZERO, T0.plus(Duration.ofDays(1)))).isFalse();
    }

    @Test
    void aFailureWithReasonStuckNeitherClosesNorCreatesARun() {
        ProcessorFailed stuck = new ProcessorFailed(P, "r1", DATE, T0.plusSeconds(200), ProcessorFailed.Reason.STUCK,
                "no heartbeat", true);
        TrackedRun running = replay(List.of(started));

        assertThat(TrackedRun.failed(running, stuck, DEFAULT_INTERVAL, RECEIVED).changed()).isFalse();
        assertThat(TrackedRun.failed(null, stuck, DEFAULT_INTERVAL, RECEIVED).run()).isNull();
    }

    @Test
    void aHeartbeatAfterAStuckVerdictIsRecordedReportedOnceAndLeavesTheRunStuck() {
        TrackedRun stuck = asStuck(replay(List.of(started, beat1)));

        TrackedRun.Transition first = TrackedRun.heartbeat(stuck, beat2, DEFAULT_INTERVAL, RECEIVED);
        assertThat(first.lateHeartbeatToReport()).isTrue();
        assertThat(first.run().state()).isEqualTo(RunState.stuck);
        assertThat(first.run().lastHeartbeatAt()).isEqualTo(beat2.at());
        assertThat(first.run().lastSeenAt()).as("a stuck run is not revived").isEqualTo(beat1.at());

        TrackedRun.Transition second = TrackedRun.heartbeat(first.run(), heartbeat(T0.plusSeconds(400), 30),
                DEFAULT_INTERVAL, RECEIVED);
        assertThat(second.lateHeartbeatToReport()).isFalse();
        assertThat(second.run().lateHeartbeatAt()).isEqualTo(beat2.at());
    }

    @Test
    void aStuckRunThatCompletesAfterAllIsClosedAndKeepsItsVerdict() {
        TrackedRun stuck = asStuck(replay(List.of(started, beat1)));

        TrackedRun done = TrackedRun.completed(stuck, completed, DEFAULT_INTERVAL, RECEIVED).run();

        assertThat(done.state()).isEqualTo(RunState.completed);
        assertThat(done.verdict()).isEqualTo(stuck.verdict());
    }

    @Test
    void aHeartbeatStampedAheadOfTheTrackersClockIsAliveOnlyUntilItWasReceived() {
        // the producer's clock runs 4 minutes ahead of the tracker's (or the tracker's lags): its heartbeat, sent
        // 30 s after the start, says T0 + 4 min 30 s
        ProcessorHeartbeat ahead = heartbeat(T0.plus(Duration.ofSeconds(270)), 10);
        TrackedRun run = TrackedRun.started(null, started, DEFAULT_INTERVAL, T0).run();
        run = TrackedRun.heartbeat(run, ahead, DEFAULT_INTERVAL, T0.plusSeconds(30)).run();
        Duration threshold = Duration.ofSeconds(90);

        assertThat(run.lastHeartbeatAt()).as("what the producer said").isEqualTo(ahead.at());
        assertThat(run.lastSeenAt()).as("what the tracker saw").isEqualTo(T0.plusSeconds(30));
        assertThat(run.silentLongerThan(threshold, T0.plusSeconds(30 + 91))).isTrue();
    }

    @Test
    void aRunCreatedByAnEventStampedAheadIsMeasuredFromItsReceipt() {
        Instant received = T0.plusSeconds(5);
        for (Object ahead : List.of(new ProcessorStarted(P, "r1", DATE, T0.plusSeconds(240), 30, RunTrigger.SCHEDULED),
                heartbeat(T0.plusSeconds(240), 1))) {
            TrackedRun run = ahead instanceof ProcessorStarted e
                    ? TrackedRun.started(null, e, DEFAULT_INTERVAL, received).run()
                    : TrackedRun.heartbeat(null, (ProcessorHeartbeat) ahead, DEFAULT_INTERVAL, received).run();
            assertThat(run.lastSeenAt()).as(ahead.getClass().getSimpleName()).isEqualTo(received);
        }
    }

    @Test
    void anEventReceivedLateCountsAtItsOwnTime() {
        TrackedRun run = TrackedRun.started(null, started, DEFAULT_INTERVAL, T0).run();
        run = TrackedRun.heartbeat(run, beat1, DEFAULT_INTERVAL, T0.plusSeconds(300)).run();

        assertThat(run.lastSeenAt()).as("delivery delay is not a sign of life").isEqualTo(beat1.at());
    }

    private static TrackedRun asStuck(TrackedRun r) {
        StuckVerdict v = new StuckVerdict(T0.plusSeconds(300), r.lastSeenAt(), 270, 90,
                StuckVerdict.correlationIdFor(r));
        return new TrackedRun(r.key(), r.dataDate(), r.trigger(), r.backfillId(), r.startedAt(), r.lastHeartbeatAt(),
                r.lastSeenAt(), r.heartbeatIntervalS(), r.intervalFromStart(), r.progressDone(), r.progressTotal(),
                RunState.stuck, r.endedAt(), r.recordsWritten(), r.failureReason(), r.failureMessage(),
                r.lateHeartbeatAt(), v, r.version());
    }
}
