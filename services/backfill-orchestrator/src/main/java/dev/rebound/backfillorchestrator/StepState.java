package dev.rebound.backfillorchestrator;

/** Where one step of a repair plan stands. PENDING and BACKOFF wait; TRIGGERED is in flight. */
public enum StepState {
    PENDING, TRIGGERED, BACKOFF, DONE, FAILED, CANCELLED;

    public boolean terminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
