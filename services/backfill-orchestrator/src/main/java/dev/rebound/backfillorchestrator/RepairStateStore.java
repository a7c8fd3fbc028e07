package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The orchestrator's state: plans, steps with attempts, and what it saw of each run. Every decision reads and writes
 * it inside {@link #decide}, so the store, not any instance's memory, is the authority, and N instances decide one
 * at a time. The other reads are for operators and metrics.
 */
public interface RepairStateStore {
    /**
     * Runs {@code decision} in one transaction (joining the caller's, e.g. the handled message's) after taking the
     * decision lock, which every instance's decisions share and which is held until that transaction ends.
     */
    <T> T decide(Supplier<T> decision);

    /** Open plans with their steps, oldest first. */
    List<RepairPlan> openPlans();

    /** Plans (open or closed) holding a degraded done step not yet followed up, with their steps. */
    List<RepairPlan> plansAwaitingFollowUp();

    Optional<RepairPlan> plan(String planId);

    /** Most recent plans first, open or closed. */
    List<RepairPlan> recentPlans(int limit);

    /** Inserts a new plan with all its steps. */
    void insertPlan(RepairPlan plan);

    void updatePlan(RepairPlan plan);

    void updateStep(RepairStep step);

    /** Every run seen for the data dates in [from, to]. */
    List<RunRecord> runsBetween(LocalDate from, LocalDate to);

    /** Inserts or replaces the record of a run. */
    void saveRun(RunRecord run);

    /** When a plan last gave up on this run (its step failed for good), if ever. */
    Optional<Instant> lastGaveUpOn(RunKey run);

    /** The dates in [from, to] with a run seen or a repair step. */
    List<LocalDate> datesWithActivity(LocalDate from, LocalDate to);

    /**
     * A scraper's input for a data date landed at {@code at}, heard of here at {@code heardAt}: keeps the latest
     * landing, and the time it was first heard of (a redelivered completion of the same landing does not move it).
     */
    void recordLanding(String scraper, LocalDate dataDate, Instant at, Instant heardAt);

    /** The scraper's input landings (the latest of each date), by data date in [from, to]. */
    Map<LocalDate, InputLanding> landedBetween(String scraper, LocalDate from, LocalDate to);

    /** A sign of life of a run (its start or a heartbeat): only ever moves its last sign of life forward. */
    void recordAlive(String runId, RunKey run, Instant at, Duration stuckAfter);

    /** The runs of this processor and date seen starting or heartbeating. */
    List<LiveRun> liveRuns(RunKey run);

    /** Forgets runs silent since before {@code before}; returns how many. */
    int forgetRunsSilentSince(Instant before);

    /**
     * Keeps a date's latest at-risk margin: replaces the stored one only for a later episode, or for the same episode
     * when it has not recovered and the announcement is newer. Returns whether it did (false: a redelivery, or an
     * announcement of an episode already closed).
     */
    boolean recordMargin(DeadlineMargin margin);

    /** The date's episode recovered: its margin no longer orders anything. False when already cleared or older. */
    boolean clearMargin(LocalDate gameDate, int episode, String correlationId, Instant at);

    /** The margin of every game date at risk now (not recovered). */
    Map<LocalDate, Duration> activeMargins();

    /** Forgets the margins of game dates before {@code date}; returns how many. */
    int forgetMarginsBefore(LocalDate date);

    /** Steps of open plans whose trigger has not been answered yet. */
    int stepsInFlight();

    int openPlanCount();
}
