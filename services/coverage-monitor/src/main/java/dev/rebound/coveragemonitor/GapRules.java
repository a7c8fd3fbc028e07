package dev.rebound.coveragemonitor;

import java.time.Instant;

/**
 * What an evaluation does to one (game, phase) gap: the alerting rules, free of storage and messaging so they can
 * be read and tested in one place.
 */
public final class GapRules {

    public enum Action {
        /** Nothing to announce. */
        NONE,
        /** A gap appeared (or reappeared after a resolution): announce it. */
        RAISE,
        /** An open gap reached the alert deadline: announce it again as critical. */
        ESCALATE,
        /** Enough players now: announce the resolution. */
        RESOLVE,
        /** The game started with the gap open: stop alerting, silently. */
        EXPIRE,
        /** Still a gap, already announced at this severity: refresh the stored counts only. */
        REFRESH
    }

    private GapRules() {
    }

    /**
     * @param current the stored alert state, or null when none was ever raised
     * @param phaseRan a completion of the phase's processor for the date was seen (before that, low counts are
     *     expected and say nothing)
     * @param deadline the alert deadline of the date (first tip-off minus the lead time)
     */
    public static Action decide(GapState current, boolean started, boolean phaseRan, int players, int minPlayers,
            Instant now, Instant deadline) {
        boolean active = current != null && current.active();
        if (started) {
            return active ? Action.EXPIRE : Action.NONE;
        }
        boolean below = players < minPlayers;
        if (!below) {
            return active ? Action.RESOLVE : Action.NONE;
        }
        if (!phaseRan) {
            return Action.NONE;
        }
        if (!active) {
            return Action.RAISE;
        }
        if (current == GapState.OPEN && !now.isBefore(deadline)) {
            return Action.ESCALATE;
        }
        return Action.REFRESH;
    }
}
