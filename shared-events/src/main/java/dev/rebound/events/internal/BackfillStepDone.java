package dev.rebound.events.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.events.Cause;
import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code rebound.backfill.step_done.v1}. */
public record BackfillStepDone(String planId, String stepId, String processor, LocalDate dataDate, int attempt,
        Outcome outcome, Instant doneAt, boolean degraded, List<Cause> causeChain, String runId, String detail)
        implements RunScoped {

    public enum Outcome {
        @JsonProperty("completed") COMPLETED,
        @JsonProperty("failed") FAILED
    }
}
