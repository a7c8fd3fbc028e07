package dev.rebound.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips (never silently passes) tests that need the Pub/Sub emulator when none is installed. */
public class PubSubEmulatorCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return PubSubEmulator.shared()
                .map(e -> ConditionEvaluationResult.enabled("Pub/Sub emulator: " + e.how()))
                .orElseGet(() -> {
                    String reason = "SKIPPED (" + PubSubEmulator.unavailableReason() + ")";
                    System.err.println(context.getDisplayName() + ": " + reason);
                    return ConditionEvaluationResult.disabled(reason);
                });
    }
}
