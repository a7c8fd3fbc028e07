package dev.rebound.testing;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs tests that need the Pub/Sub emulator where one can be had. Where none can: on a developer's machine they
 * are skipped with one line saying what to install; where the emulator is required ({@code CI=true}, or
 * {@code -Drebound.require-emulator}) they fail with that line, so a build can never pass with them unrun.
 */
public class PubSubEmulatorCondition implements ExecutionCondition {
    /** Set (empty or {@code true}) to make a missing emulator fail the tests that need it instead of skip them. */
    public static final String REQUIRE_PROPERTY = "rebound.require-emulator";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> how = PubSubEmulator.shared().map(PubSubEmulator::how);
        ConditionEvaluationResult result = decide(how, PubSubEmulator.unavailableReason(),
                required(System.getenv(), System.getProperty(REQUIRE_PROPERTY)));
        if (result.isDisabled()) {
            System.err.println(context.getDisplayName() + ": " + result.getReason().orElse(""));
        }
        return result;
    }

    /** Whether this build must run the emulator-backed tests: on CI, or when asked to. */
    static boolean required(Map<String, String> environment, String requireProperty) {
        boolean onCi = "true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim());
        boolean asked = requireProperty != null
                && (requireProperty.isBlank() || "true".equalsIgnoreCase(requireProperty.trim()));
        return onCi || asked;
    }

    /**
     * @param emulator       how the emulator was obtained, or empty when none could be
     * @param unavailable    why not (the install hint)
     * @throws IllegalStateException when none could be had and it is required
     */
    static ConditionEvaluationResult decide(Optional<String> emulator, String unavailable, boolean required) {
        if (emulator.isPresent()) {
            return ConditionEvaluationResult.enabled("Pub/Sub emulator: " + emulator.get());
        }
        if (required) {
            throw new IllegalStateException("The Pub/Sub emulator is required here (CI=true or -D" + REQUIRE_PROPERTY
                    + ") and there is none: " + unavailable);
        }
        return ConditionEvaluationResult.disabled("SKIPPED (" + unavailable + ")");
    }
}
