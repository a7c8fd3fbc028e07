package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.GapRules.Action;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GapRulesTest {
    private static final Instant DEADLINE = Instant.parse("2026-01-23T22:00:00Z");
    private static final Instant BEFORE = DEADLINE.minusSeconds(600);
    private static final Instant AFTER = DEADLINE.plusSeconds(1);

    @Test
    void aGapIsRaisedAtTheFirstEvaluationAfterThePhaseRanNotOnlyAtTheDeadline() {
        assertThat(GapRules.decide(null, false, true, 6, 8, BEFORE, DEADLINE)).isEqualTo(Action.RAISE);
    }

    @Test
    void lowCountsBeforeThePhaseRanSayNothing() {
        assertThat(GapRules.decide(null, false, false, 0, 8, AFTER, DEADLINE)).isEqualTo(Action.NONE);
    }

    @Test
    void anOpenGapIsEscalatedOnceWhenTheDeadlineArrives() {
        assertThat(GapRules.decide(GapState.OPEN, false, true, 6, 8, BEFORE, DEADLINE)).isEqualTo(Action.REFRESH);
        assertThat(GapRules.decide(GapState.OPEN, false, true, 6, 8, DEADLINE, DEADLINE)).isEqualTo(Action.ESCALATE);
        assertThat(GapRules.decide(GapState.ESCALATED, false, true, 6, 8, AFTER, DEADLINE)).isEqualTo(Action.REFRESH);
    }

    @Test
    void enoughPlayersResolveAnActiveGapAndNothingElse() {
        assertThat(GapRules.decide(GapState.OPEN, false, true, 8, 8, BEFORE, DEADLINE)).isEqualTo(Action.RESOLVE);
        assertThat(GapRules.decide(GapState.ESCALATED, false, true, 12, 8, AFTER, DEADLINE))
                .isEqualTo(Action.RESOLVE);
        assertThat(GapRules.decide(GapState.RESOLVED, false, true, 12, 8, AFTER, DEADLINE)).isEqualTo(Action.NONE);
        assertThat(GapRules.decide(null, false, true, 8, 8, AFTER, DEADLINE)).isEqualTo(Action.NONE);
    }

    @Test
    void aResolvedGapThatReopensIsANewAlert() {
        assertThat(GapRules.decide(GapState.RESOLVED, false, true, 3, 8, BEFORE, DEADLINE)).isEqualTo(Action.RAISE);
    }

    @Test
    void startedGamesAreOutOfScopeForAlerts() {
        assertThat(GapRules.decide(null, true, true, 0, 8, AFTER, DEADLINE)).isEqualTo(Action.NONE);
        assertThat(GapRules.decide(GapState.ESCALATED, true, true, 0, 8, AFTER, DEADLINE)).isEqualTo(Action.EXPIRE);
        assertThat(GapRules.decide(GapState.MISSED, true, true, 0, 8, AFTER, DEADLINE)).isEqualTo(Action.NONE);
    }
}
