package dev.rebound.events.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.events.Cause;
import dev.rebound.events.RunScoped;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code rebound.backfill.step_done.v1}. */
public record BackfillStepDone(String planId, String stepId, String processor, LocalDate dataDate, int attempt,
        Outcome outcome, Instant doneAt, boolean degraded, List<Cause> causeChain, String runId, String detail)
        implements RunScoped {
    public BackfillStepDone {
        detail = ContractBounds.text(detail);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("done_at", doneAt);
    }

    public enum Outcome {
        @JsonProperty("completed") COMPLETED,
        @JsonProperty("failed") FAILED
    }
}
