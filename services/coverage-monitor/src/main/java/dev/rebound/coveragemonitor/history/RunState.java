package dev.rebound.coveragemonitor.history;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A run's state as the history views show it; degraded = completed, but triggered below a soft threshold. */
public enum RunState {
    NOT_RUN, RUNNING, STUCK, FAILED, COMPLETED, DEGRADED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == COMPLETED || this == DEGRADED;
    }
}
