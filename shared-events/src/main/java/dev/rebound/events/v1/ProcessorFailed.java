package dev.rebound.events.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.failed.v1} on {@code processor-failures}. */
public record ProcessorFailed(String processor, String runId, LocalDate dataDate, Instant failedAt, Reason reason,
        String message, boolean retryable) implements RunScoped {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("failed_at", failedAt);
    }

    public enum Reason {
        @JsonProperty("error") ERROR,
        @JsonProperty("stuck") STUCK,
        @JsonProperty("upstream_missing") UPSTREAM_MISSING,
        @JsonProperty("timeout") TIMEOUT
    }
}
