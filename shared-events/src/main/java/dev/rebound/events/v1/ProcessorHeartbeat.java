package dev.rebound.events.v1;

import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.heartbeat.v1} on {@code processor-heartbeats}; progress is optional. */
public record ProcessorHeartbeat(String processor, String runId, LocalDate dataDate, Instant at, Progress progress)
        implements RunScoped {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("at", at);
    }

    public record Progress(long done, long total) {
    }
}
