package dev.rebound.events.v1;

import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.completed.v1} on {@code processor-completions}. */
public record ProcessorCompleted(String processor, String runId, LocalDate dataDate, Instant completedAt,
        long recordsWritten) implements RunScoped {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("completed_at", completedAt);
    }
}
