package dev.rebound.coveragemonitor;

/** A run's status; a run only moves up this order, so late or repeated events never undo a completion. */
public enum RunStatus {
    STUCK, FAILED, COMPLETED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RunStatus parse(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
