package dev.rebound.coveragemonitor.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One processor run as the forecast needs it: what the lifecycle events said about it. A run that is still running
 * carries its start, its last sign of life and the progress its newest heartbeat reported (as of {@code lastSeenAt});
 * a closed run carries when it ended.
 *
 * @param startedAt          when it started; null when only later events were seen (the forecast then assumes it
 *                           started when it was first seen)
 * @param lastSeenAt         the newest time any of its events carried
 * @param progressDone       {@code progress.done} of its newest heartbeat, null when it reports none
 * @param progressTotal      {@code progress.total} of that heartbeat
 * @param heartbeatIntervalS its heartbeat interval (null: the pipeline's default), for the stuck threshold
 * @param endedAt            when it completed or failed (or was declared stuck); null while running
 */
public record ObservedRun(String processor, LocalDate dataDate, String runId, Status status, Instant startedAt,
        Instant lastSeenAt, Long progressDone, Long progressTotal, Integer heartbeatIntervalS, Instant endedAt) {

    public enum Status {
        RUNNING, COMPLETED, FAILED, STUCK
    }

    /** A completed run's duration, when both ends were seen: what the processor's history is made of. */
    public Optional<Duration> duration() {
        return status == Status.COMPLETED && startedAt != null && endedAt != null
                ? Optional.of(Duration.between(startedAt, endedAt)) : Optional.empty();
    }

    /** The share of its work a run reported done (0..1), or -1 when it reports no usable progress. */
    public double fractionDone() {
        if (progressDone == null || progressTotal == null || progressTotal <= 0 || progressDone <= 0) {
            return -1;
        }
        return Math.min(1.0, (double) progressDone / progressTotal);
    }

    public static ObservedRun running(String processor, LocalDate dataDate, String runId, Instant startedAt,
            Instant lastSeenAt, Long done, Long total) {
        return new ObservedRun(processor, dataDate, runId, Status.RUNNING, startedAt, lastSeenAt, done, total, null,
                null);
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
