package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one decision sees and changes: the open plans with their steps and the runs it looks at, read from the store
 * after the decision lock was taken. Changes are collected and written by {@link #flush()} at the end of the
 * decision, in its transaction (a new plan with every step in two statements, each changed row once), so a decision
 * costs a few round trips however many notes it makes. The book lives for one transaction and is thrown away with
 * it: nothing here outlives what the store says, and within the transaction no other instance can change what it
 * read (they wait for the lock).
 */
final class RepairBook {
    /** Runs are read for a window of dates around the first one asked for: a root walk stays within a few days. */
    private static final int RUN_WINDOW_DAYS = 3;

    private final RepairStateStore store;
    private Map<String, RepairPlan> open;
    private final Map<String, RepairPlan> closedAwaitingFollowUp = new HashMap<>();
    private final Map<RunKey, List<RepairStep>> openStepsByRun = new HashMap<>();
    private final Map<LocalDate, Map<String, RunRecord>> runsByDate = new HashMap<>();
    private final Set<LocalDate> activeDates = new TreeSet<>();
    private final Map<RunKey, List<LiveRun>> liveRuns = new HashMap<>();
    private Map<LocalDate, Duration> margins;
    private final List<RepairPlan> created = new ArrayList<>();
    private final Set<RepairPlan> changedPlans = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<RepairStep> changedSteps = new LinkedHashSet<>();
    private final Set<RunRecord> changedRuns = new LinkedHashSet<>();

    /** One decision: its book is read after the lock and written back before the transaction commits. */
    static <T> T decide(RepairStateStore store, Function<RepairBook, T> decision) {
        return store.decide(() -> {
            RepairBook book = new RepairBook(store);
            T result = decision.apply(book);
            book.flush();
            return result;
        });
    }

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

    /** Steps for this run in the plans that were open when the book was read, or opened since. */
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
        return !runsOn(date).isEmpty() || activeDates.contains(date);
    }

    /** The dates in [from, to] with a run seen or a repair step. */
    List<LocalDate> datesWithActivity(LocalDate from, LocalDate to) {
        Set<LocalDate> dates = new TreeSet<>(store.datesWithActivity(from, to));
        activeDates.stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).forEach(dates::add);
        return List.copyOf(dates);
    }

    /** A run of this processor and date that is alive now (not silent past its stuck threshold, not ended). */
    Optional<LiveRun> liveRun(RunKey run, Instant now) {
        List<LiveRun> seen = liveRuns.computeIfAbsent(run, store::liveRuns);
        Optional<RunRecord> record = run(run);
        return seen.stream().filter(r -> !r.silentPast(now))
                .filter(r -> record.map(rec -> !rec.ended(r.runId())).orElse(true))
                .max(Comparator.comparing(LiveRun::lastSeenAt));
    }

    /** When this run of this processor and date was first seen alive (its start), if it was. */
    Optional<Instant> firstSeen(RunKey run, String runId) {
        return liveRuns.computeIfAbsent(run, store::liveRuns).stream().filter(r -> r.runId().equals(runId))
                .map(LiveRun::firstSeenAt).filter(Objects::nonNull).findFirst();
    }

    /**
     * The smallest deadline margin among the dates this plan's steps produce for, of the dates at risk now; null
     * when none of them is (read once per decision, after {@link #marginsChanged()} again).
     */
    Duration marginOf(RepairPlan plan) {
        if (margins == null) {
            margins = store.activeMargins();
        }
        Duration smallest = null;
        for (RepairStep step : plan.steps()) {
            Duration margin = margins.get(step.run().dataDate());
            if (margin != null && (smallest == null || margin.compareTo(smallest) < 0)) {
                smallest = margin;
            }
        }
        return smallest;
    }

    /** This decision recorded or cleared a margin: read them again when next asked. */
    void marginsChanged() {
        margins = null;
    }

    /** This scraper's input landings, by data date in [from, to]. */
    Map<LocalDate, InputLanding> landed(String scraper, LocalDate from, LocalDate to) {
        return store.landedBetween(scraper, from, to);
    }

    /** When a plan last gave up on this run: in the store, or in this decision. */
    Optional<Instant> lastGaveUpOn(RunKey run) {
        Optional<Instant> stored = store.lastGaveUpOn(run);
        Optional<Instant> now = stepsOf(run).stream().filter(s -> s.state() == StepState.FAILED)
                .map(RepairStep::doneAt).max(Instant::compareTo);
        return now.isPresent() ? now : stored;
    }

    /** Plans holding a degraded done step not followed up yet, as this book holds them. */
    List<RepairPlan> plansAwaitingFollowUp() {
        List<RepairPlan> out = new ArrayList<>();
        for (RepairPlan stored : store.plansAwaitingFollowUp()) {
            RepairPlan held = open().get(stored.planId());
            out.add(held != null ? held : closedAwaitingFollowUp.computeIfAbsent(stored.planId(), id -> stored));
        }
        return out;
    }

    void save(RunRecord run) {
        changedRuns.add(run);
        activeDates.add(run.key().dataDate());
    }

    void add(RepairPlan plan) {
        open().put(plan.planId(), plan);
        index(plan);
        created.add(plan);
        plan.steps().forEach(s -> activeDates.add(s.run().dataDate()));
    }

    void save(RepairPlan plan) {
        changedPlans.add(plan);
    }

    void save(RepairStep step) {
        changedSteps.add(step);
    }

    /** Writes what this decision changed: new plans whole, then every other changed plan, step and run once. */
    void flush() {
        for (RepairPlan plan : created) {
            store.insertPlan(plan);
        }
        Set<String> inserted = new HashSet<>(created.stream().map(RepairPlan::planId).toList());
        changedPlans.stream().filter(p -> !inserted.contains(p.planId())).forEach(store::updatePlan);
        changedSteps.stream().filter(s -> !inserted.contains(s.planId())).forEach(store::updateStep);
        changedRuns.forEach(store::saveRun);
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

    /** The runs of a date: read with the dates around it, once per decision. */
    private Map<String, RunRecord> runsOn(LocalDate date) {
        if (!runsByDate.containsKey(date)) {
            LocalDate from = date.minusDays(RUN_WINDOW_DAYS);
            LocalDate to = date.plusDays(RUN_WINDOW_DAYS);
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                runsByDate.putIfAbsent(d, new HashMap<>());
            }
            for (RunRecord run : store.runsBetween(from, to)) {
                runsByDate.get(run.key().dataDate()).putIfAbsent(run.key().processor(), run);
            }
            activeDates.addAll(store.datesWithActivity(from, to));
        }
        return runsByDate.get(date);
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
