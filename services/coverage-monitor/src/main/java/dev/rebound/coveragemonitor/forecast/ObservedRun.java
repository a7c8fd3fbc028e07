package dev.rebound.coveragemonitor.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One processor run as the forecast needs it: what its lifecycle events said. A running run carries its start, its
 * last sign of life and two progress samples from its heartbeats — the first that reported any work done and the
 * newest — so that its pace is measured after whatever setup it does before reporting progress; a closed run carries
 * when it ended.
 *
 * @param startedAt          when it started; null when only later events were seen (the forecast then assumes it
 *                           started when it was last seen)
 * @param lastSeenAt         the newest time any of its events carried
 * @param firstProgress      the first heartbeat progress with {@code done > 0}; null when none yet
 * @param lastProgress       the newest heartbeat progress; null when it reports none
 * @param heartbeatIntervalS its heartbeat interval (null: the pipeline's default), for the stuck threshold
 * @param endedAt            when it completed or failed (or was declared stuck); null while running
 */
public record ObservedRun(String processor, LocalDate dataDate, String runId, Status status, Instant startedAt,
        Instant lastSeenAt, ProgressSample firstProgress, ProgressSample lastProgress, Integer heartbeatIntervalS,
        Instant endedAt) {

    public enum Status {
        RUNNING, COMPLETED, FAILED, STUCK
    }

    /** {@code progress.done} and {@code progress.total} of the heartbeat sent {@code at}. */
    public record ProgressSample(Instant at, long done, long total) {
    }

    /** A completed run's duration, when both ends were seen: what the processor's history is made of. */
    public Optional<Duration> duration() {
        return status == Status.COMPLETED && startedAt != null && endedAt != null
                ? Optional.of(Duration.between(startedAt, endedAt)) : Optional.empty();
    }

    /** The share of its work the newest progress reported done (0..1), or -1 when it reports no usable progress. */
    public double fractionDone() {
        if (lastProgress == null || lastProgress.total() <= 0 || lastProgress.done() <= 0) {
            return -1;
        }
        return Math.min(1.0, (double) lastProgress.done() / lastProgress.total());
    }

    public static ObservedRun running(String processor, LocalDate dataDate, String runId, Instant startedAt,
            Instant lastSeenAt, ProgressSample firstProgress, ProgressSample lastProgress) {
        return new ObservedRun(processor, dataDate, runId, Status.RUNNING, startedAt, lastSeenAt, firstProgress,
                lastProgress, null, null);
    }

    /** A running run whose heartbeats carry no progress. */
    public static ObservedRun running(String processor, LocalDate dataDate, String runId, Instant startedAt,
            Instant lastSeenAt) {
        return running(processor, dataDate, runId, startedAt, lastSeenAt, null, null);
    }

    public static ObservedRun completed(String processor, LocalDate dataDate, String runId, Instant startedAt,
            Instant completedAt) {
        return new ObservedRun(processor, dataDate, runId, Status.COMPLETED, startedAt, completedAt, null, null, null,
                completedAt);
    }

    public static ObservedRun failed(String processor, LocalDate dataDate, String runId, Instant startedAt,
            Instant failedAt) {
        return new ObservedRun(processor, dataDate, runId, Status.FAILED, startedAt, failedAt, null, null, null,
                failedAt);
    }
}
