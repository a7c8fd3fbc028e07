package dev.rebound.heartbeattracker;

import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * One processor run as the tracker knows it. The transitions are pure: each takes the run as stored (or null when
 * unknown), an event and when the tracker received it, and says what the run becomes. They are written so that
 * every order and every repetition of the same events ends in the same record: a closed run stays closed, a stuck
 * run stays stuck until it closes, timestamps only move forward (a redelivery received later can move the last
 * sign of life forward, never past the event's own time).
 *
 * @param lastSeenAt the run's last sign of life as the tracker saw it: over its events (start, heartbeats, end), the
 *                   newest {@link #signOfLife}, except heartbeats that arrive after a stuck verdict (a stuck run is
 *                   not revived); silence is measured from it
 * @param version    optimistic-concurrency counter: every stored change increments it
 */
public record TrackedRun(RunKey key, LocalDate dataDate, String trigger, String backfillId, Instant startedAt,
        Instant lastHeartbeatAt, Instant lastSeenAt, int heartbeatIntervalS, boolean intervalFromStart,
        Long progressDone, Long progressTotal, RunState state, Instant endedAt, Long recordsWritten,
        String failureReason, String failureMessage, Instant lateHeartbeatAt, StuckVerdict verdict, long version) {

    /** What an event did to a run: the new record, whether anything changed, and what must be announced. */
    public record Transition(TrackedRun run, boolean changed, boolean lateHeartbeatToReport) {
        static Transition unchanged(TrackedRun run) {
            return new Transition(run, false, false);
        }

        static Transition to(TrackedRun before, TrackedRun after) {
            return new Transition(after, !after.equals(before), false);
        }
    }

    public Optional<Duration> duration() {
        return startedAt != null && endedAt != null ? Optional.of(Duration.between(startedAt, endedAt))
                : Optional.empty();
    }

    public Duration silentFor(Instant now) {
        return Duration.between(lastSeenAt, now);
    }

    /** A running run is stuck once it has been silent longer than its threshold. */
    public boolean silentLongerThan(Duration threshold, Instant now) {
        return state == RunState.running && silentFor(now).compareTo(threshold) > 0;
    }

    /**
     * What one event proves: the run was alive at the event's own time, and at the latest when the tracker received
     * it. The earlier of the two, so that neither a producer's clock running ahead nor the tracker's own clock
     * running behind can make a run look alive after it went silent (the event's own time stays what the producer
     * said, in {@code startedAt}, {@code lastHeartbeatAt}, {@code endedAt}).
     */
    static Instant signOfLife(Instant eventTime, Instant receivedAt) {
        return receivedAt != null && receivedAt.isBefore(eventTime) ? receivedAt : eventTime;
    }

    public static Transition started(TrackedRun run, ProcessorStarted e, int defaultIntervalS, Instant receivedAt) {
        Instant alive = signOfLife(e.startedAt(), receivedAt);
        int interval = e.heartbeatIntervalS() > 0 ? e.heartbeatIntervalS() : defaultIntervalS;
        String trigger = e.trigger() == null ? null : e.trigger().name().toLowerCase(Locale.ROOT);
        if (run == null) {
            return new Transition(new TrackedRun(new RunKey(e.processor(), e.runId()), e.dataDate(), trigger,
                    e.backfillId(), e.startedAt(), null, alive, interval, true, null, null, RunState.running,
                    null, null, null, null, null, null, 0), true, false);
        }
        Instant lastSeen = run.state == RunState.stuck ? run.lastSeenAt : latest(run.lastSeenAt, alive);
        TrackedRun next = new TrackedRun(run.key, e.dataDate(), trigger, e.backfillId(), e.startedAt(),
                run.lastHeartbeatAt, lastSeen, interval, true, run.progressDone, run.progressTotal, run.state,
                run.endedAt, run.recordsWritten, run.failureReason, run.failureMessage, run.lateHeartbeatAt,
                run.verdict, run.version);
        return Transition.to(run, next);
    }

    public static Transition heartbeat(TrackedRun run, ProcessorHeartbeat e, int defaultIntervalS,
            Instant receivedAt) {
        Instant alive = signOfLife(e.at(), receivedAt);
        Long done = e.progress() == null ? null : e.progress().done();
        Long total = e.progress() == null ? null : e.progress().total();
        if (run == null) {
            return new Transition(new TrackedRun(new RunKey(e.processor(), e.runId()), e.dataDate(), null, null,
                    null, e.at(), alive, defaultIntervalS, false, done, total, RunState.running, null, null, null,
                    null, null, null, 0), true, false);
        }
        boolean newest = run.lastHeartbeatAt == null || !e.at().isBefore(run.lastHeartbeatAt);
        Instant lastHeartbeat = latest(run.lastHeartbeatAt, e.at());
        Instant lastSeen = run.state == RunState.stuck ? run.lastSeenAt : latest(run.lastSeenAt, alive);
        boolean late = run.state == RunState.stuck && run.lateHeartbeatAt == null;
        TrackedRun next = new TrackedRun(run.key, run.dataDate, run.trigger, run.backfillId, run.startedAt,
                lastHeartbeat, lastSeen, run.heartbeatIntervalS, run.intervalFromStart,
                newest && done != null ? done : run.progressDone, newest && total != null ? total : run.progressTotal,
                run.state, run.endedAt, run.recordsWritten, run.failureReason, run.failureMessage,
                late ? e.at() : run.lateHeartbeatAt, run.verdict, run.version);
        return new Transition(next, !next.equals(run), late);
    }

    public static Transition completed(TrackedRun run, ProcessorCompleted e, int defaultIntervalS,
            Instant receivedAt) {
        Instant alive = signOfLife(e.completedAt(), receivedAt);
        if (run == null) {
            return new Transition(new TrackedRun(new RunKey(e.processor(), e.runId()), e.dataDate(), null, null,
                    null, null, alive, defaultIntervalS, false, null, null, RunState.completed,
                    e.completedAt(), e.recordsWritten(), null, null, null, null, 0), true, false);
        }
        if (run.state.closed()) {
            return Transition.unchanged(run);
        }
        return Transition.to(run, run.closedAs(RunState.completed, e.completedAt(), alive, e.recordsWritten(), null,
                null));
    }

    /**
     * A failure closes the run, except a failure with reason stuck: that is the tracker's own verdict coming back
     * (or another instance's, already in the shared store), so it neither closes nor creates anything.
     */
    public static Transition failed(TrackedRun run, ProcessorFailed e, int defaultIntervalS, Instant receivedAt) {
        if (e.reason() == ProcessorFailed.Reason.STUCK) {
            return Transition.unchanged(run);
        }
        Instant alive = signOfLife(e.failedAt(), receivedAt);
        String reason = e.reason().name().toLowerCase(Locale.ROOT);
        if (run == null) {
            return new Transition(new TrackedRun(new RunKey(e.processor(), e.runId()), e.dataDate(), null, null,
                    null, null, alive, defaultIntervalS, false, null, null, RunState.failed, e.failedAt(),
                    null, reason, e.message(), null, null, 0), true, false);
        }
        if (run.state.closed()) {
            return Transition.unchanged(run);
        }
        return Transition.to(run, run.closedAs(RunState.failed, e.failedAt(), alive, run.recordsWritten, reason,
                e.message()));
    }

    private TrackedRun closedAs(RunState closed, Instant at, Instant alive, Long records, String reason,
            String message) {
        return new TrackedRun(key, dataDate, trigger, backfillId, startedAt, lastHeartbeatAt,
                latest(lastSeenAt, alive), heartbeatIntervalS, intervalFromStart, progressDone, progressTotal, closed,
                at, records, reason, message, lateHeartbeatAt, verdict, version);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
