package dev.rebound.backfillorchestrator;

import java.util.Locale;

/**
 * What Rebound believes of a run, as the cause chain and the planner name it. The first five come from what a run's
 * own signals said (a failure's reason, a stuck verdict, stale input); the rest are judged by the planner or say why
 * a plan was asked for. {@link #wire()} is the {@code status} of a cause on the wire.
 */
public enum RunStatus {
    /** Failed with reason error (and the other failure reasons below, each its own status). */
    ERROR,
    TIMEOUT,
    UPSTREAM_MISSING,
    /** Declared stuck by the heartbeat tracker (an alert, or a failure with reason stuck). */
    STUCK,
    /** A failure without a known reason. */
    FAILED,
    /** Its input went stale after it last completed. */
    STALE,
    /** No completion by the processor's expected time on a date with activity. */
    MISSING,
    /** A not-yet-done step of an open plan. */
    REPAIRING,
    /** Its phase fell below the coverage minimum for a game. */
    COVERAGE_GAP,
    /** An operator asked for it to be repaired. */
    MANUAL,
    /** It ran on partial upstream coverage that has since improved. */
    DEGRADED,
    /** Not broken itself, but downstream of what is. */
    AT_RISK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** The status of a failure with this reason ({@code pipeline.processor.failed.v1}'s {@code reason}). */
    public static RunStatus ofFailureReason(String reason) {
        return switch (reason == null ? "" : reason.toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "stuck" -> STUCK;
            case "upstream_missing" -> UPSTREAM_MISSING;
            case "timeout" -> TIMEOUT;
            default -> FAILED;
        };
    }
}
