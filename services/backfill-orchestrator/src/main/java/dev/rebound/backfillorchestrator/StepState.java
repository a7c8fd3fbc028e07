package dev.rebound.backfillorchestrator;

import java.util.Locale;

/** Where one step of a repair plan stands. PENDING and BACKOFF wait; TRIGGERED is in flight. */
public enum StepState {
    PENDING, TRIGGERED, BACKOFF, DONE, FAILED, CANCELLED;

    public boolean terminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
