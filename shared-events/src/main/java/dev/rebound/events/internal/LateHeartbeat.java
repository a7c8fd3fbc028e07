package dev.rebound.events.internal;

import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.late_heartbeat.v1}: a heartbeat after a stuck verdict; the run may be a zombie. */
public record LateHeartbeat(String processor, String runId, LocalDate dataDate, Instant heartbeatAt,
        Instant stuckDetectedAt, Instant detectedAt) implements RunScoped {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("detected_at", detectedAt);
    }
}
