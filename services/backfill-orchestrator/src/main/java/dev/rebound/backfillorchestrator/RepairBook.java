package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What one decision sees and changes: the open plans with their steps and the runs it looks at, read from the store
 * after the decision lock was taken, and written back as they change. It lives for one transaction and is thrown
 * away with it, so nothing here outlives what the store says; within the transaction no other instance can change
 * what it read (they wait for the lock).
 */
final class RepairBook {
    private final RepairStateStore store;
    private Map<String, RepairPlan> open;
    private final Map<RunKey, List<RepairStep>> openStepsByRun = new HashMap<>();
    private final Map<LocalDate, Map<String, RunRecord>> runsByDate = new HashMap<>();
    private final Map<LocalDate, Boolean> activity = new HashMap<>();
    private final List<RepairPlan> created = new ArrayList<>();

    /** A book for the decision running now: call only inside {@link RepairStateStore#decide}. */
    RepairBook(RepairStateStore store) {
        this.store = store;
    }

    /** Open plans, including any this decision closed (check {@link RepairPlan#open()}). */
    List<RepairPlan> plans() {
        return List.copyOf(open().values());
    }

    Optional<RepairPlan> plan(String planId) {
        RepairPlan plan = open().get(planId);
        return plan != null ? Optional.of(plan) : store.plan(planId);
    }

    RepairPlan planOf(RepairStep step) {
        return open().get(step.planId());
    }

    /** Plans this decision opened. */
    List<RepairPlan> created() {
        return List.copyOf(created);
    }

    /** Steps for this run in the plans that were open when the book was read. */
    List<RepairStep> stepsOf(RunKey run) {
        open();
        return List.copyOf(openStepsByRun.getOrDefault(run, List.of()));
    }

    /** An open plan in which this run is a step still to be done (a plan's root is its first step). */
    Optional<RepairPlan> covering(RunKey run) {
        return findStep(run, null, step -> !step.state().terminal());
    }

    boolean covered(RunKey run) {
        return covering(run).isPresent();
    }

    Optional<RepairPlan> repairingElsewhere(RepairPlan self, RunKey run) {
        return findStep(run, self, step -> !step.state().terminal());
    }

    Optional<RepairPlan> inFlightElsewhere(RepairPlan self, RunKey run) {
        return findStep(run, self, step -> step.state() == StepState.TRIGGERED);
    }

    int stepsInFlight() {
        int n = 0;
        for (RepairPlan plan : open().values()) {
            if (plan.open()) {
                n += (int) plan.steps().stream().filter(s -> s.state() == StepState.TRIGGERED).count();
            }
        }
        return n;
    }

    Optional<RunRecord> run(RunKey run) {
        return Optional.ofNullable(runsOn(run.dataDate()).get(run.processor()));
    }

    /** The run's record, a new empty one (not yet stored) if it was never seen. */
    RunRecord record(RunKey run) {
        return runsOn(run.dataDate()).computeIfAbsent(run.processor(), p -> new RunRecord(run));
    }

    /** A run seen or a repair step on this date (the schedule is asked separately). */
    boolean activityOn(LocalDate date) {
        return activity.computeIfAbsent(date, d -> !runsOn(d).isEmpty()
                || !store.datesWithActivity(d, d).isEmpty());
    }

    /** The dates in [from, to] with a run seen or a repair step. */
    List<LocalDate> datesWithActivity(LocalDate from, LocalDate to) {
        return store.datesWithActivity(from, to);
    }

    Optional<Instant> lastGaveUpOn(RunKey run) {
        return store.lastGaveUpOn(run);
    }

    void save(RunRecord run) {
        store.saveRun(run);
        activity.put(run.key().dataDate(), true);
    }

    void add(RepairPlan plan) {
        store.insertPlan(plan);
        open().put(plan.planId(), plan);
        index(plan);
        created.add(plan);
        plan.steps().forEach(s -> activity.put(s.run().dataDate(), true));
    }

    void save(RepairPlan plan) {
        store.updatePlan(plan);
    }

    void save(RepairStep step) {
        store.updateStep(step);
    }

    /** Plans holding a degraded done step not followed up yet: the open ones as this book holds them. */
    List<RepairPlan> plansAwaitingFollowUp() {
        List<RepairPlan> out = new ArrayList<>();
        for (RepairPlan stored : store.plansAwaitingFollowUp()) {
            RepairPlan held = open().get(stored.planId());
            out.add(held != null ? held : stored);
        }
        return out;
    }

    private Map<String, RepairPlan> open() {
        if (open == null) {
            open = new LinkedHashMap<>();
            for (RepairPlan plan : store.openPlans()) {
                open.put(plan.planId(), plan);
                index(plan);
            }
        }
        return open;
    }

    private void index(RepairPlan plan) {
        for (RepairStep step : plan.steps()) {
            openStepsByRun.computeIfAbsent(step.run(), k -> new ArrayList<>()).add(step);
        }
    }

    private Map<String, RunRecord> runsOn(LocalDate date) {
        return runsByDate.computeIfAbsent(date, d -> {
            Map<String, RunRecord> byProcessor = new HashMap<>();
            store.runsOn(d).forEach(r -> byProcessor.put(r.key().processor(), r));
            return byProcessor;
        });
    }

    /** The first open plan (other than {@code except}) with a step for this run that matches. */
    private Optional<RepairPlan> findStep(RunKey run, RepairPlan except, Predicate<RepairStep> matches) {
        for (RepairStep step : stepsOf(run)) {
            RepairPlan plan = open().get(step.planId());
            if (plan != null && plan != except && plan.open() && matches.test(step)) {
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }
}
