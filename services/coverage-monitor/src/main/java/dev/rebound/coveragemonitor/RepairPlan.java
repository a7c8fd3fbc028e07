package dev.rebound.coveragemonitor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A repair plan of the backfill orchestrator as seen on backfill-events, with its steps in plan order. */
public record RepairPlan(String planId, String rootProcessor, LocalDate rootDataDate, String reason, String state,
        Instant createdAt, Instant finishedAt, String detail, Instant earliestTipoffAt, List<Step> steps) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String ABANDONED = "abandoned";

    public record Step(String stepId, String processor, LocalDate dataDate, List<String> dependsOn, String state,
            int attempt, boolean degraded, Instant updatedAt, String detail) {
    }
}
