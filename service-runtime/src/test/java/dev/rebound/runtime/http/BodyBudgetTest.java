package dev.rebound.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {

    @Test
    void bodiesAreLetInWhileTheyFitAndAgainOnceReleased() {
        BodyBudget budget = new BodyBudget(20);
        assertThat(budget.tryReserve(9)).isTrue();
        assertThat(budget.tryReserve(9)).isTrue();
        assertThat(budget.tryReserve(9)).as("27 of 20 bytes").isFalse();
        budget.release(9);
        assertThat(budget.tryReserve(9)).isTrue();
        assertThat(budget.inUse()).isEqualTo(18);
    }

    @Test
    void aBodyLargerThanTheWholeBudgetIsLetInAloneSoItCanBeServedAtAll() {
        BodyBudget budget = new BodyBudget(10);
        assertThat(budget.tryReserve(50)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        budget.release(50);
        assertThat(budget.tryReserve(1)).isTrue();
    }
}
