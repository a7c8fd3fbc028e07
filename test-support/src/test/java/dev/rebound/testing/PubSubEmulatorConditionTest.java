package dev.rebound.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.emulator.PubSubEmulatorFinder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** Where no emulator exists: skipped with the install hint on a laptop, failed with it on CI. */
class PubSubEmulatorConditionTest {
    private static final String HINT = PubSubEmulatorFinder.INSTALL_HINT;

    @Test
    void withoutAnEmulatorATestIsSkippedWithTheInstallHintWhenNotRequired() {
        ConditionEvaluationResult result = PubSubEmulatorCondition.decide(Optional.empty(), HINT, false);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValueSatisfying(r -> assertThat(r).contains(HINT));
    }

    @Test
    void withoutAnEmulatorATestFailsWithTheInstallHintWhenRequired() {
        assertThatThrownBy(() -> PubSubEmulatorCondition.decide(Optional.empty(), HINT, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(HINT).hasMessageContaining("CI=true");
    }

    @Test
    void withAnEmulatorATestRunsRequiredOrNot() {
        assertThat(PubSubEmulatorCondition.decide(Optional.of("emulator jar x"), null, true).isDisabled()).isFalse();
        assertThat(PubSubEmulatorCondition.decide(Optional.of("emulator jar x"), null, false).isDisabled()).isFalse();
    }

    @Test
    void ciOrTheSwitchRequireTheEmulator() {
        assertThat(PubSubEmulatorCondition.required(Map.of("CI", "true"), null)).isTrue();
        assertThat(PubSubEmulatorCondition.required(Map.of(), "")).as("-Drebound.require-emulator").isTrue();
        assertThat(PubSubEmulatorCondition.required(Map.of(), "true")).isTrue();
        assertThat(PubSubEmulatorCondition.required(Map.of(), null)).isFalse();
        assertThat(PubSubEmulatorCondition.required(Map.of("CI", "false"), "false")).isFalse();
    }
}
