package dev.rebound.coveragemonitor;

/** Where a (game, phase) gap alert stands; each move between states is announced at most once. */
public enum GapState {
    /** Raised (severity warning) before the alert deadline. */
    OPEN,
    /** Raised or escalated at or after the alert deadline (severity critical). */
    ESCALATED,
    /** Closed by data arriving; a resolution was published. */
    RESOLVED,
    /** The game started with the gap still open; out of scope for alerts, kept for the daily summary. */
    MISSED;

    public boolean active() {
        return this == OPEN || this == ESCALATED;
    }
}
