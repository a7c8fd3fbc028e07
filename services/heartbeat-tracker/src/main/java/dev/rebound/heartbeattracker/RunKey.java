package dev.rebound.heartbeattracker;

import java.util.Objects;

/** A run is identified by its processor and the processor's run id (run ids are unique per processor). */
public record RunKey(String processor, String runId) {

    public RunKey {
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String toString() {
        return processor + "/" + runId;
    }
}
