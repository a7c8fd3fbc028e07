package dev.rebound.heartbeattracker.rest;

import dev.rebound.heartbeattracker.StuckVerdict;
import dev.rebound.heartbeattracker.TrackedRun;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/** A run as operators and the dashboard see it (snake_case like the event contract). */
public record RunView(String processor, String runId, LocalDate dataDate, String state, String trigger,
        String backfillId, Instant startedAt, Instant lastHeartbeatAt, Instant lastSeenAt, int heartbeatIntervalS,
        double thresholdS, Progress progress, Instant endedAt, Double durationS, Long recordsWritten,
        String failureReason, String failureMessage, Instant lateHeartbeatAt, Stuck stuck) {

    public record Progress(Long done, Long total) {
    }

    public record Stuck(Instant detectedAt, double silentForS, double thresholdS, String correlationId) {
    }

    public static RunView of(TrackedRun r, Duration threshold) {
        StuckVerdict v = r.verdict();
        return new RunView(r.key().processor(), r.key().runId(), r.dataDate(), r.state().name(), r.trigger(),
                r.backfillId(), r.startedAt(), r.lastHeartbeatAt(), r.lastSeenAt(), r.heartbeatIntervalS(),
                threshold.toMillis() / 1000.0,
                r.progressDone() == null && r.progressTotal() == null ? null
                        : new Progress(r.progressDone(), r.progressTotal()),
                r.endedAt(), r.duration().map(d -> d.toMillis() / 1000.0).orElse(null), r.recordsWritten(),
                r.failureReason(), r.failureMessage(), r.lateHeartbeatAt(),
                v == null ? null : new Stuck(v.detectedAt(), v.silentForS(), v.thresholdS(), v.correlationId()));
    }
}
