package dev.rebound.pipelinesimulator;

import java.time.Duration;
import java.time.Instant;

/**
 * A slow run's visible pace: alive all along, it reports progress (done of {@link #TOTAL}) at the rate that reaches
 * the total only when the run ends, so its heartbeats tell anyone watching how late it will finish. The progress is
 * reported once at the start and then half an interval before each heartbeat, so every beat carries a fresh count.
 */
final class SlowProgress {
    /** The units of work a slow run reports progress in. */
    static final long TOTAL = 10_000;

    private SlowProgress() {
    }

    static void pace(SimScheduler scheduler, ProcessorRuns.RunRecord record, Instant startedAt, Instant endsAt,
            Duration every) {
        report(record, startedAt, endsAt, startedAt);
        schedule(scheduler, record, startedAt, endsAt, startedAt.plus(every.dividedBy(2)), every);
    }

    private static void schedule(SimScheduler scheduler, ProcessorRuns.RunRecord record, Instant startedAt,
            Instant endsAt, Instant at, Duration every) {
        if (!at.isBefore(endsAt)) {
            return;
        }
        scheduler.at(at, record.runId + " progresses", () -> {
            if ("running".equals(record.state)) {
                report(record, startedAt, endsAt, at);
                schedule(scheduler, record, startedAt, endsAt, at.plus(every), every);
            }
        });
    }

    private static void report(ProcessorRuns.RunRecord record, Instant startedAt, Instant endsAt, Instant at) {
        long elapsed = Duration.between(startedAt, at).toMillis();
        long whole = Duration.between(startedAt, endsAt).toMillis();
        record.reporter.progress(Math.min(TOTAL, TOTAL * elapsed / whole), TOTAL);
    }
}
