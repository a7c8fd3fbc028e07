package dev.rebound.events.v1;

import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.stuck.v1} on {@code pipeline-alerts}. */
public record ProcessorStuck(String processor, String runId, LocalDate dataDate, Instant lastHeartbeatAt,
        double silentForS, double thresholdS, Instant detectedAt) implements RunScoped {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("detected_at", detectedAt);
    }
}
