package dev.rebound.backfillorchestrator;

import java.time.LocalDate;
import java.util.List;

/**
 * Durable state of the orchestrator: plans, steps with attempts, and what it saw of each run. Every change is
 * written before the engine publishes anything about it, so a restart resumes without re-triggering.
 */
public interface RepairStateStore {
    void insertPlan(RepairPlan plan);

    void updatePlan(RepairPlan plan);

    void updateStep(RepairStep step);

    void saveRun(RunRecord run, boolean isNew);

    /** Open plans with their steps, plus closed plans that still hold a degraded step awaiting follow-up. */
    List<RepairPlan> loadActivePlans();

    List<RunRecord> loadRuns(LocalDate since);
}
