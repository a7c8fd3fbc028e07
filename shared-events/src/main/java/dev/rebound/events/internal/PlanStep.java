package dev.rebound.events.internal;

import java.time.LocalDate;
import java.util.List;

/** A step of a repair plan as carried in lifecycle events. {@code state} is optional. */
public record PlanStep(String stepId, String processor, LocalDate dataDate, List<String> dependsOn, String state) {
}
