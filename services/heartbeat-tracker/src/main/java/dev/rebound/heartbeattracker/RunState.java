package dev.rebound.heartbeattracker;

/** Where a run is. Running is the only open state; stuck is a verdict that only a completion or failure ends. */
public enum RunState {
    running, completed, failed, stuck;

    /** Completed and failed are final: nothing a late or reordered event says reopens them. */
    public boolean closed() {
        return this == completed || this == failed;
    }
}
