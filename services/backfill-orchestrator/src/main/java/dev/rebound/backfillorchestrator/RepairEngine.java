package dev.rebound.backfillorchestrator;

import dev.rebound.events.Cause;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The orchestrator's entry points: every signal (completion, failure, stuck verdict, late heartbeat, stale input,
 * coverage gap, coverage report), operator action, tick and sweep is one decision — one transaction holding the
 * decision lock, reading the state it needs from the store and writing what it changed together with the events it
 * owes (the outbox). Nothing is kept between decisions, so any instance may take any signal, and a restart has
 * nothing to restore. The rules live in {@link Planner} (what to repair), {@link UpstreamGate} (when a step may
 * run), {@link InputGate} (whether a scraper-fed run's input has landed), {@link StepLifecycle} (attempts, backoff,
 * the plan's end), {@link PlanAdvancer} (order and the trigger limit) and {@link Sweep} (missing runs, degraded
 * follow-ups), with {@link DeadlineResponder} for the deadline forecast's warnings. Runs seen alive (started,
 * heartbeating), landed inputs and the forecast's deadline margins are kept in the store too.
 */
public final class RepairEngine {
    private final RepairStateStore store;
    private final Topology topology;
    private final Planner planner;
    private final StepLifecycle steps;
    private final PlanAdvancer advancer;
    private final Sweep sweep;
    private final DeadlineResponder deadlines;
    private final Clock clock;
    private final int sweepLookbackDays;
    private final Instant missingRunsHeldUntil;

    public RepairEngine(Topology topology, Clock clock, RepairStateStore store, RepairEvents events,
            TipoffSchedule schedule, EngineSettings settings) {
        this(topology, clock, store, events, schedule, settings, clock.instant());
    }

    /**
     * {@code startedAt}: when this instance started, on the engine's clock. For {@code settings.startHold()} after
     * it, sweeps judge no run missing: completions queued while no instance ran (a restart of all of them, a replay)
     * may still be on their way, and a run they report would be planned again.
     */
    public RepairEngine(Topology topology, Clock clock, RepairStateStore store, RepairEvents events,
            TipoffSchedule schedule, EngineSettings settings, Instant startedAt) {
        // the store keeps microseconds: deciding on the same precision keeps a re-read state equal to the decided one
        Clock micros = Clock.tick(clock, Duration.ofNanos(1000));
        PlanAnnouncer announcer = new PlanAnnouncer(events);
        InputGate inputs = new InputGate(topology);
        UpstreamGate gate = new UpstreamGate(topology, settings.coverageWait(), inputs);
        this.store = store;
        this.topology = topology;
        this.clock = micros;
        this.planner = new Planner(topology, settings, micros, schedule, announcer, inputs);
        this.steps = new StepLifecycle(topology.config().repair(), settings, micros, announcer);
        this.advancer = new PlanAdvancer(topology.config().repair(), settings, micros, gate, inputs, steps);
        this.sweepLookbackDays = settings.sweepLookbackDays();
        this.missingRunsHeldUntil = startedAt.plus(settings.startHold());
        this.sweep = new Sweep(topology, settings, micros, schedule, planner, gate);
        this.deadlines = new DeadlineResponder(store, new EarlyRepair(topology, micros, planner), advancer);
    }

    // ---------------------------------------------------------------- signals

    /**
     * A scraper's input for a data date landed: the steps waiting for it may run now. Heard of now: a completion that
     * arrives late reached the pipeline late too, so the wait for the run it starts counts from here (InputGate).
     */
    public void inputLanded(String scraper, LocalDate dataDate, Instant landedAt) {
        Instant at = micros(landedAt);
        Instant heard = micros(clock.instant());
        decide(book -> {
            store.recordLanding(scraper, dataDate, at, heard);
            advancer.advance(book);
        });
    }

    /**
     * A run started or heartbeated: while it is alive (until its stuck threshold) it is watched, not started again.
     * No decision follows from it, so it skips the decision lock: the row only ever moves forward. Its sign of life
     * is the earlier of the event's own time and now, so a producer's clock running ahead cannot prolong it.
     */
    public void runAlive(RunKey run, String runId, Instant at, Integer heartbeatIntervalS) {
        Instant now = clock.instant();
        Instant seen = micros(at.isAfter(now) ? now : at);
        store.recordAlive(runId, run, seen, topology.stuckThreshold(run.processor(), heartbeatIntervalS));
    }

    public void completed(RunKey run, String runId, Instant completedAt) {
        Instant at = micros(completedAt);
        decide(book -> {
            RunRecord record = book.record(run);
            if (record.recordCompletion(runId, at)) {
                book.save(record);
            }
            for (RepairStep step : book.stepsOf(run)) {
                RepairPlan plan = book.planOf(step);
                boolean answersTrigger = step.triggeredAt() != null && !at.isBefore(step.triggeredAt());
                if (plan.open() && answersTrigger
                        && (step.state() == StepState.TRIGGERED || step.state() == StepState.BACKOFF)) {
                    steps.markDone(book, plan, step, runId, "run completed");
                }
            }
            advancer.advance(book);
        });
    }

    public void failed(RunKey run, String runId, RunStatus reason, Instant failedAt, String message,
            String correlationId) {
        Instant at = micros(failedAt);
        decide(book -> {
            RunRecord record = book.record(run);
            if (record.recordFailure(runId, reason, at)) {
                book.save(record);
            }
            if (!steps.attemptsFailedBy(book, run, runId, at, reason.wire() + ": " + message)
                    && record.broken().isPresent()) {
                planner.request(book, new RepairRequest(new BrokenRun(run, reason, message),
                        "failed (" + reason.wire() + ")", correlationId, List.of()));
            }
            advancer.advance(book);
        });
    }

    public void stuck(RunKey run, String runId, Instant detectedAt, String detail, String correlationId) {
        Instant at = micros(detectedAt);
        decide(book -> {
            RunRecord record = book.record(run);
            if (record.recordStuck(runId, at)) {
                book.save(record);
            }
            if (!steps.attemptsFailedBy(book, run, runId, at, "stuck: " + detail) && record.broken().isPresent()) {
                planner.request(book, new RepairRequest(new BrokenRun(run, RunStatus.STUCK, detail), "stuck",
                        correlationId, List.of()));
            }
            advancer.advance(book);
        });
    }

    /** A heartbeat after a stuck verdict: the run may be a zombie that still works; do not start it twice. */
    public void lateHeartbeat(RunKey run, Instant heartbeatAt) {
        Instant at = micros(heartbeatAt);
        decide(book -> {
            RunRecord record = book.record(run);
            if (record.recordAlive(at)) {
                book.save(record);
            }
            advancer.advance(book);
        });
    }

    /** Stale input (a stale roster, files that did not arrive): the runs that consume it must be redone. */
    public void staleInput(List<RunKey> runs, Instant detectedAt, String detail, String correlationId) {
        Instant at = micros(detectedAt);
        decide(book -> {
            for (RunKey run : runs) {
                RunRecord record = book.record(run);
                if (record.recordStale(at)) {
                    book.save(record);
                }
                if (record.broken().isPresent()) {
                    planner.request(book, new RepairRequest(new BrokenRun(run, RunStatus.STALE, detail),
                            "stale input", correlationId, List.of()));
                }
            }
            advancer.advance(book);
        });
    }

    /** A coverage gap: the phase's processor for the game date, and whatever is broken upstream of it. */
    public void coverageGap(RunKey run, String detail, List<Cause> suspects, String correlationId) {
        decide(book -> {
            for (Cause suspect : suspects) {
                if (suspect.processor() == null || suspect.dataDate() == null
                        || !topology.knows(suspect.processor())) {
                    continue;
                }
                RunKey key = new RunKey(suspect.processor(), suspect.dataDate());
                if (!book.covered(key)) {
                    planner.brokenness(book, key).ifPresent(broken -> planner.request(book, new RepairRequest(
                            new BrokenRun(key, broken.status(), suspect.detail()), "coverage gap", correlationId,
                            suspects)));
                }
            }
            planner.request(book, new RepairRequest(new BrokenRun(run, RunStatus.COVERAGE_GAP, detail),
                    "coverage gap", correlationId, suspects));
            advancer.advance(book);
        });
    }

    /** The coverage of each phase's run in one report (one game date): the soft-dependency input. */
    public void coverage(Map<RunKey, Double> coverageByRun, Instant evaluatedAt) {
        Instant at = micros(evaluatedAt);
        decide(book -> {
            boolean changed = false;
            for (Map.Entry<RunKey, Double> reported : coverageByRun.entrySet()) {
                RunRecord record = book.record(reported.getKey());
                if (record.recordCoverage(reported.getValue(), at)) {
                    book.save(record);
                    changed = true;
                }
            }
            if (changed) {
                advancer.advance(book);
                if (!sweep.followUpDegraded(book).isEmpty()) {
                    advancer.advance(book);
                }
            }
        });
    }

    /** The decisions the deadline forecast's warnings and recoveries take. */
    public DeadlineResponder deadlines() {
        return deadlines;
    }

    // ---------------------------------------------------------------- operators, ticks, sweeps

    /** "Recover date D from processor P": a plan rooted exactly there, or the open plan already covering it. */
    public RepairPlan requestManual(RunKey run, String requestedBy) {
        return decide(book -> {
            RepairPlan plan = planner.manual(book, run, requestedBy);
            advancer.advance(book);
            return plan;
        });
    }

    /** An operator stops an open plan; empty when no plan by that id is open. */
    public Optional<RepairPlan> cancel(String planId, String by) {
        return decide(book -> {
            Optional<RepairPlan> plan = book.plan(planId).filter(RepairPlan::open);
            plan.ifPresent(p -> {
                steps.cancel(book, p, by);
                advancer.advance(book);
            });
            return plan;
        });
    }

    /** Moves every open plan forward: due backoffs, stalled triggers, freed trigger slots, expired plans. */
    public void advance() {
        decide(advancer::advance);
    }

    public SweepResult sweep() {
        store.forgetRunsSilentSince(clock.instant().minus(Duration.ofDays(sweepLookbackDays + 1L)));
        store.forgetMarginsBefore(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(sweepLookbackDays));
        boolean held = clock.instant().isBefore(missingRunsHeldUntil);
        return decide(book -> {
            List<LocalDate> dates = held ? List.of() : sweep.planMissingRuns(book);
            List<String> opened = book.created().stream().map(RepairPlan::planId).toList();
            advancer.advance(book);
            List<String> followUps = sweep.followUpDegraded(book);
            if (!followUps.isEmpty()) {
                advancer.advance(book);
            }
            int open = (int) book.plans().stream().filter(RepairPlan::open).count();
            return new SweepResult(dates.stream().map(LocalDate::toString).toList(), opened, followUps, open,
                    book.stepsInFlight(), held ? missingRunsHeldUntil.toString() : null);
        });
    }

    /** Exponential backoff after the n-th failed attempt: initial × multiplier^(n-1), capped. */
    public Duration backoffAfter(int failedAttempts) {
        return steps.backoffAfter(failedAttempts);
    }

    // ---------------------------------------------------------------- reads (no lock: what has committed)

    /** Open plans and closed ones with a degraded step awaiting its follow-up, deadline first. */
    public List<RepairPlan> activePlans() {
        Map<String, RepairPlan> active = new LinkedHashMap<>();
        store.openPlans().forEach(p -> active.put(p.planId(), p));
        store.plansAwaitingFollowUp().forEach(p -> active.putIfAbsent(p.planId(), p));
        List<RepairPlan> sorted = new ArrayList<>(active.values());
        sorted.sort(RepairPlan.BY_DEADLINE);
        return sorted;
    }

    public Optional<RepairPlan> plan(String planId) {
        return store.plan(planId);
    }

    public List<RepairPlan> recentPlans(int limit) {
        return store.recentPlans(limit);
    }

    public int stepsInFlight() {
        return store.stepsInFlight();
    }

    public int openPlanCount() {
        return store.openPlanCount();
    }

    /** One decision: its book is read after the lock and written back before the transaction commits. */
    private <T> T decide(Function<RepairBook, T> decision) {
        return RepairBook.decide(store, decision);
    }

    private void decide(Consumer<RepairBook> decision) {
        decide(book -> {
            decision.accept(book);
            return null;
        });
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
