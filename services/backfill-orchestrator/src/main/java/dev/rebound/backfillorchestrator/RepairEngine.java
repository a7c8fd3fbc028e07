package dev.rebound.backfillorchestrator;

import dev.rebound.events.Cause;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.BackfillPlanAbandoned;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.PlanStep;
import dev.rebound.events.EventPayload;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The repair logic: turns failure, stuck, stale and gap signals into repair plans (root found by walking upstream
 * to the earliest broken run, then the root and every dependent in topological order), and drives each plan by
 * triggering a step once its upstream is satisfied — completed with coverage at or above the edge's soft
 * threshold. One instance owns the state (the service runs as a single instance); every change is written to the
 * {@link RepairStateStore} before anything is published about it, so a restart never re-triggers a step that is
 * already running.
 */
public final class RepairEngine {
    private static final Logger LOG = Logger.getLogger(RepairEngine.class);
    private static final double COVERAGE_EPSILON = 1e-6;

    private final Topology topology;
    private final PipelineConfig.Repair repair;
    private final Clock clock;
    private final RepairStateStore store;
    private final RepairEvents events;
    private final TipoffSchedule schedule;
    private final EngineSettings settings;
    private final Map<String, RepairPlan> plans = new LinkedHashMap<>();
    private final Map<RunKey, RunRecord> runs = new HashMap<>();
    /** Every step of an active plan by its run: the lookups planning and advancing make per step stay O(1). */
    private final Map<RunKey, List<RepairStep>> stepsByRun = new HashMap<>();
    private final Set<RunKey> persistedRuns = new HashSet<>();
    private final Set<LocalDate> activeDates = new HashSet<>();
    /** Runs whose plan was abandoned: automatic signals for them open no new plan until the plan TTL passed. */
    private final Map<RunKey, Instant> gaveUp = new HashMap<>();

    public RepairEngine(Topology topology, Clock clock, RepairStateStore store, RepairEvents events,
            TipoffSchedule schedule, EngineSettings settings) {
        this.topology = topology;
        this.repair = topology.config().repair();
        this.clock = clock;
        this.store = store;
        this.events = events;
        this.schedule = schedule;
        this.settings = settings;
    }

    /** Loads plans and runs from the store (at startup, and after a crash). */
    public synchronized void restore() {
        plans.clear();
        stepsByRun.clear();
        runs.clear();
        persistedRuns.clear();
        activeDates.clear();
        for (RepairPlan plan : store.loadActivePlans()) {
            plans.put(plan.planId(), plan);
            index(plan);
        }
        LocalDate since = today().minusDays(Math.max(14, settings.sweepLookbackDays() + 2L));
        for (RunRecord run : store.loadRuns(since)) {
            runs.put(run.key(), run);
            persistedRuns.add(run.key());
            activeDates.add(run.key().dataDate());
        }
        LOG.infof("Restored %d active plans and %d runs", plans.size(), runs.size());
    }

    // ---------------------------------------------------------------- signals

    public synchronized void completed(RunKey run, String runId, Instant completedAt) {
        RunRecord record = record(run);
        if (RunRecord.after(completedAt, record.completedAt)) {
            record.completedAt = completedAt;
            record.runId = runId;
            save(record);
        }
        for (RepairStep step : stepsOf(run)) {
            RepairPlan plan = plans.get(step.planId());
            boolean answersTrigger = step.triggeredAt != null && !completedAt.isBefore(step.triggeredAt);
            if (plan != null && plan.open() && answersTrigger
                    && (step.state == StepState.TRIGGERED || step.state == StepState.BACKOFF)) {
                markDone(plan, step, runId, "run completed");
            }
        }
        advance();
    }

    public synchronized void failed(RunKey run, String runId, String reason, Instant failedAt, String message,
            String correlationId) {
        RunRecord record = record(run);
        if (RunRecord.after(failedAt, record.failedAt)) {
            record.brokenRunId = runId;
            record.failedAt = failedAt;
            record.failureReason = reason;
            if ("stuck".equals(reason) && RunRecord.after(failedAt, record.stuckAt)) {
                record.stuckAt = failedAt;
            }
            save(record);
        }
        boolean answeredTrigger = attemptsFailedBy(run, runId, failedAt, reason + ": " + message);
        if (!answeredTrigger && record.brokenStatus() != null) {
            request(new RepairRequest(new BrokenRun(run, reason, message), "failed (" + reason + ")",
                    correlationId, List.of()));
        }
        advance();
    }

    public synchronized void stuck(RunKey run, String runId, Instant detectedAt, String detail,
            String correlationId) {
        RunRecord record = record(run);
        if (RunRecord.after(detectedAt, record.stuckAt)) {
            record.stuckAt = detectedAt;
            record.brokenRunId = runId;
            save(record);
        }
        boolean answeredTrigger = attemptsFailedBy(run, runId, detectedAt, "stuck: " + detail);
        if (!answeredTrigger && record.brokenStatus() != null) {
            request(new RepairRequest(new BrokenRun(run, "stuck", detail), "stuck", correlationId, List.of()));
        }
        advance();
    }

    /** A heartbeat after a stuck verdict: the run may be a zombie that still works; do not start it twice. */
    public synchronized void lateHeartbeat(RunKey run, Instant heartbeatAt) {
        RunRecord record = record(run);
        if (RunRecord.after(heartbeatAt, record.aliveAt)) {
            record.aliveAt = heartbeatAt;
            save(record);
        }
        advance();
    }

    /** Stale input (a stale roster, files that did not arrive): the run that consumes it must be redone. */
    public synchronized void staleInput(RunKey run, Instant detectedAt, String detail, String correlationId) {
        RunRecord record = record(run);
        if (RunRecord.after(detectedAt, record.staleAt) && !RunRecord.after(record.completedAt, detectedAt)) {
            record.staleAt = detectedAt;
            save(record);
        }
        if (record.brokenStatus() != null) {
            request(new RepairRequest(new BrokenRun(run, "stale", detail), "stale input", correlationId,
                    List.of()));
        }
        advance();
    }

    /** A coverage gap: the phase's processor for the game date, and whatever is broken upstream of it. */
    public synchronized void coverageGap(RunKey run, String detail, List<Cause> suspects, String correlationId) {
        activeDates.add(run.dataDate());
        for (Cause suspect : suspects) {
            if (suspect.processor() != null && suspect.dataDate() != null && topology.knows(suspect.processor())
                    && !isCovered(new RunKey(suspect.processor(), suspect.dataDate()))) {
                RunKey key = new RunKey(suspect.processor(), suspect.dataDate());
                if (brokenness(key).isPresent()) {
                    request(new RepairRequest(new BrokenRun(key, brokenness(key).get().status(), suspect.detail()),
                            "coverage gap", correlationId, suspects));
                }
            }
        }
        request(new RepairRequest(new BrokenRun(run, "coverage_gap", detail), "coverage gap", correlationId,
                suspects));
        advance();
    }

    public synchronized void coverage(RunKey run, double coverage, Instant evaluatedAt) {
        RunRecord record = record(run);
        if (RunRecord.after(evaluatedAt, record.coverageAt)) {
            record.coverage = coverage;
            record.coverageAt = evaluatedAt;
            save(record);
            advance();
            followUpDegraded();
        }
    }

    /** "Recover date D from processor P": a plan rooted exactly there, or the open plan already covering it. */
    public synchronized RepairPlan requestManual(RunKey run, String requestedBy) {
        if (!topology.knows(run.processor())) {
            throw new IllegalArgumentException("unknown processor " + run.processor() + "; known: "
                    + topology.order());
        }
        Optional<RepairPlan> covering = coveringPlan(run);
        if (covering.isPresent()) {
            return covering.get();
        }
        activeDates.add(run.dataDate());
        RepairPlan plan = createPlan(List.of(new BrokenRun(run, "manual", "repair requested by " + requestedBy)),
                "manual", UUID.randomUUID().toString(), List.of());
        advance();
        return plan;
    }

    /** Opens a plan for a broken run unless an open plan already covers it; returns the plan that covers it. */
    public synchronized Optional<RepairPlan> request(RepairRequest request) {
        RunKey run = request.broken().run();
        if (!topology.knows(run.processor())) {
            LOG.warnf("Ignoring a repair request for unknown processor %s", run.processor());
            return Optional.empty();
        }
        activeDates.add(run.dataDate());
        Optional<RepairPlan> covering = coveringPlan(run);
        if (covering.isPresent()) {
            return covering;
        }
        Instant gaveUpAt = gaveUp.get(run);
        if (gaveUpAt != null && clock.instant().isBefore(gaveUpAt.plus(settings.planTtl()))) {
            LOG.infof("No new plan for %s: its last repair was abandoned at %s (an operator can POST /plans)", run,
                    gaveUpAt);
            return Optional.empty();
        }
        List<BrokenRun> roots = rootsOf(request.broken()).stream().filter(r -> !isCovered(r.run())).toList();
        if (roots.isEmpty()) {
            return coveringPlan(rootsOf(request.broken()).get(0).run());
        }
        String correlationId = request.correlationId() != null ? request.correlationId()
                : UUID.randomUUID().toString();
        return Optional.of(createPlan(roots, request.reason(), correlationId, request.knownCauses()));
    }

    // ---------------------------------------------------------------- planning

    /** The earliest broken runs upstream of this one (itself when nothing upstream is broken). */
    List<BrokenRun> rootsOf(BrokenRun start) {
        List<BrokenRun> roots = new ArrayList<>();
        Set<RunKey> seen = new HashSet<>();
        walk(start, roots, seen);
        roots.sort(Comparator.comparingInt((BrokenRun b) -> topology.rank(b.run().processor()))
                .thenComparing(b -> b.run().dataDate()));
        return roots;
    }

    private void walk(BrokenRun run, List<BrokenRun> roots, Set<RunKey> seen) {
        if (!seen.add(run.run())) {
            return;
        }
        List<BrokenRun> upstream = new ArrayList<>();
        for (RunKey up : topology.upstreamRunsOf(run.run())) {
            brokenness(up).ifPresent(upstream::add);
        }
        if (upstream.isEmpty()) {
            roots.add(run);
        } else {
            upstream.forEach(u -> walk(u, roots, seen));
        }
    }

    /**
     * Whether a run is broken: known failed, stuck or stale; under repair in an open plan; or, on a date the
     * system has seen activity for, without a completion past its expected time.
     */
    Optional<BrokenRun> brokenness(RunKey run) {
        RunRecord record = runs.get(run);
        String status = record == null ? null : record.brokenStatus();
        if (status != null) {
            return Optional.of(new BrokenRun(run, status, describe(record, status)));
        }
        if (isCovered(run)) {
            return Optional.of(new BrokenRun(run, "repairing", "under repair in plan "
                    + coveringPlan(run).map(RepairPlan::planId).orElse("?")));
        }
        Optional<Instant> expectedBy = expectedBy(run);
        if ((record == null || record.completedAt == null) && expectedBy.isPresent()
                && expectedBy.get().isBefore(clock.instant()) && isActive(run.dataDate())) {
            return Optional.of(new BrokenRun(run, "missing", "no completion by " + expectedBy.get()));
        }
        return Optional.empty();
    }

    private RepairPlan createPlan(List<BrokenRun> roots, String reason, String correlationId, List<Cause> known) {
        Set<RunKey> members = new LinkedHashSet<>();
        Map<RunKey, BrokenRun> rootByKey = new LinkedHashMap<>();
        for (BrokenRun root : roots) {
            rootByKey.put(root.run(), root);
            members.addAll(topology.dependentsOf(root.run()));
        }
        // a dependent also needs its other upstreams: pull in any that are broken and not under repair already
        boolean grew = true;
        for (int round = 0; grew && round < 16; round++) {
            grew = false;
            for (RunKey member : List.copyOf(members)) {
                for (RunKey up : topology.upstreamRunsOf(member)) {
                    if (members.contains(up) || isCovered(up) || brokenness(up).isEmpty()) {
                        continue;
                    }
                    for (BrokenRun root : rootsOf(brokenness(up).get())) {
                        if (!isCovered(root.run()) && !members.contains(root.run())) {
                            rootByKey.put(root.run(), root);
                            grew |= members.addAll(topology.dependentsOf(root.run()));
                        }
                    }
                }
            }
        }
        List<RunKey> ordered = new ArrayList<>(members);
        ordered.sort(Comparator.comparingInt((RunKey r) -> topology.rank(r.processor()))
                .thenComparing(RunKey::dataDate));
        RunKey root = ordered.stream().filter(rootByKey::containsKey).findFirst().orElse(ordered.get(0));
        Instant now = clock.instant();
        String planId = "bf-" + UUID.randomUUID();
        Instant earliestTipoff = ordered.stream().map(RunKey::dataDate).distinct()
                .map(schedule::firstTipoff).flatMap(Optional::stream).min(Comparator.naturalOrder()).orElse(null);
        RepairPlan plan = new RepairPlan(planId, root, reason, correlationId, now, earliestTipoff,
                causeChain(ordered, rootByKey, known));
        int seq = 0;
        for (RunKey run : ordered) {
            List<String> dependsOn = topology.upstreamRunsOf(run).stream().filter(members::contains)
                    .map(RepairStep::idOf).toList();
            plan.addStep(new RepairStep(planId, seq++, run, dependsOn));
        }
        store.insertPlan(plan);
        plans.put(planId, plan);
        index(plan);
        LOG.infof("Plan %s (%s): root %s, %d steps", planId, reason, root, ordered.size());
        publish(new BackfillPlanCreated(planId, now, root.processor(), root.dataDate(), reason, plan.causeChain(),
                plan.steps().stream().map(this::planStep).toList(), earliestTipoff), plan);
        return plan;
    }

    /** The cascade: the broken roots first, then every run the repair touches with what is known of it. */
    private List<Cause> causeChain(List<RunKey> ordered, Map<RunKey, BrokenRun> roots, List<Cause> known) {
        List<Cause> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RunKey run : ordered) {
            BrokenRun root = roots.get(run);
            if (root != null && seen.add(run + root.status())) {
                chain.add(new Cause(run.processor(), run.dataDate(), root.status(), root.detail()));
            }
        }
        for (RunKey run : ordered) {
            if (roots.containsKey(run)) {
                continue;
            }
            Optional<BrokenRun> broken = brokenness(run);
            String status = broken.map(BrokenRun::status).orElse("at_risk");
            String upstream = String.join(", ", topology.upstreamRunsOf(run).stream().map(RunKey::toString).toList());
            String detail = broken.map(BrokenRun::detail).orElse("depends on " + upstream);
            if (seen.add(run + status)) {
                chain.add(new Cause(run.processor(), run.dataDate(), status, detail));
            }
        }
        for (Cause cause : known) {
            if (cause.processor() != null && !cause.processor().isBlank() && cause.status() != null
                    && !cause.status().isBlank() && seen.add(cause.processor() + "(" + cause.dataDate() + ")"
                            + cause.status())) {
                chain.add(cause);
            }
        }
        return chain;
    }

    // ---------------------------------------------------------------- execution

    /** Moves every open plan forward: deadline first, within the global limit of triggers in flight. */
    public synchronized void advance() {
        Instant now = clock.instant();
        int inFlight = stepsInFlight();
        List<RepairPlan> ordered = openPlans();
        ordered.sort(RepairPlan.BY_DEADLINE);
        for (RepairPlan plan : ordered) {
            if (!plan.open()) {
                continue;
            }
            if (now.isAfter(plan.createdAt().plus(settings.planTtl()))) {
                abandon(plan, plan.steps().stream().filter(s -> !s.state.terminal()).findFirst().orElse(null),
                        "expired: still open after " + settings.planTtl());
                continue;
            }
            for (RepairStep step : plan.steps()) {
                if (!plan.open()) {
                    break;
                }
                if (step.state == StepState.TRIGGERED) {
                    if (stalled(step, now)) {
                        inFlight--;
                        attemptFailed(plan, step, "stalled: no completion or failure within " + settings.stallAfter());
                    }
                    continue;
                }
                if (step.state == StepState.BACKOFF && step.nextAttemptAt != null && step.nextAttemptAt.isAfter(now)) {
                    continue;
                }
                if (step.state != StepState.PENDING && step.state != StepState.BACKOFF) {
                    continue;
                }
                Optional<RepairPlan> elsewhere = inFlightElsewhere(plan, step.run());
                if (elsewhere.isPresent()) {
                    note(step, "running for plan " + elsewhere.get().planId());
                    continue;
                }
                RunRecord record = runs.get(step.run());
                if (record != null && record.mightStillRun() && step.state == StepState.PENDING) {
                    note(step, "a heartbeat after the stuck verdict: the earlier run may still finish");
                    continue;
                }
                UpstreamCheck check = upstreamCheck(plan, step, now);
                if (!check.satisfied()) {
                    note(step, check.blockedOn());
                    continue;
                }
                if (step.attempts == 0 && record != null && record.completed()
                        && record.completedAt.isAfter(plan.createdAt())
                        && (check.latestCompletion() == null || !record.completedAt.isBefore(check.latestCompletion()))) {
                    markDone(plan, step, record.runId, "completed by a run that started after the plan");
                    continue;
                }
                if (inFlight >= repair.maxConcurrentTriggers()) {
                    note(step, "waiting for a trigger slot (" + repair.maxConcurrentTriggers() + " in flight)");
                    continue;
                }
                trigger(plan, step, check, now);
                inFlight++;
            }
            if (plan.open() && plan.steps().stream().allMatch(s -> s.state == StepState.DONE)) {
                complete(plan);
            }
        }
    }

    private record UpstreamCheck(boolean satisfied, String blockedOn, Double minCoverage, Instant latestCompletion) {
        static UpstreamCheck blocked(String why) {
            return new UpstreamCheck(false, why, null, null);
        }
    }

    /** Satisfied: every upstream completed with coverage at or above its edge's soft threshold. */
    private UpstreamCheck upstreamCheck(RepairPlan plan, RepairStep step, Instant now) {
        Double minCoverage = null;
        Instant latest = null;
        for (PipelineConfig.Edge edge : topology.upstreamOf(step.run().processor())) {
            LocalDate date = step.run().dataDate();
            RunKey exact = new RunKey(edge.from(), edge.byFreshness() ? date : date.plusDays(edge.offset()));
            Optional<RepairStep> inPlan = plan.step(exact);
            if (inPlan.isPresent() && inPlan.get().state != StepState.DONE) {
                return UpstreamCheck.blocked("waiting for " + exact + " in this plan");
            }
            Optional<RepairPlan> other = otherPlanRepairing(plan, exact);
            if (other.isPresent()) {
                return UpstreamCheck.blocked("waiting for " + exact + " under repair in plan " + other.get().planId());
            }
            List<LocalDate> candidates = new ArrayList<>();
            if (edge.byFreshness()) {
                for (int back = 0; back <= edge.freshnessDays(); back++) {
                    candidates.add(date.minusDays(back));
                }
            } else {
                candidates.add(exact.dataDate());
            }
            String why = "no completion of " + exact + " seen";
            Double best = null;
            Instant bestAt = null;
            for (LocalDate candidate : candidates) {
                RunKey up = new RunKey(edge.from(), candidate);
                RunRecord record = runs.get(up);
                if (record == null || !record.completed()) {
                    continue;
                }
                Optional<Double> coverage = coverageOf(up, record, now);
                if (coverage.isEmpty()) {
                    why = "waiting for the coverage report of " + up;
                    continue;
                }
                if (coverage.get() + COVERAGE_EPSILON < edge.minCoverage()) {
                    why = String.format(java.util.Locale.ROOT, "%s coverage %.2f below the threshold %.2f", up,
                            coverage.get(), edge.minCoverage());
                    continue;
                }
                if (best == null || coverage.get() > best) {
                    best = coverage.get();
                    bestAt = record.completedAt;
                }
            }
            if (best == null) {
                return UpstreamCheck.blocked(why);
            }
            minCoverage = minCoverage == null ? best : Math.min(minCoverage, best);
            latest = latest == null || bestAt.isAfter(latest) ? bestAt : latest;
        }
        return new UpstreamCheck(true, null, minCoverage, latest);
    }

    /**
     * Coverage of a completed run: 1.0 when its processor has no coverage phase; the latest report made after the
     * completion otherwise; without one, empty until {@code coverageWait} has passed, then taken as complete.
     */
    private Optional<Double> coverageOf(RunKey run, RunRecord record, Instant now) {
        boolean measured = topology.processor(run.processor()).map(p -> p.coverage() != null).orElse(false);
        if (!measured) {
            return Optional.of(1.0);
        }
        if (record.coverageAt != null && record.coverage != null && !record.coverageAt.isBefore(record.completedAt)) {
            return Optional.of(record.coverage);
        }
        if (!now.isBefore(record.completedAt.plus(settings.coverageWait()))) {
            return Optional.of(1.0);
        }
        return Optional.empty();
    }

    private void trigger(RepairPlan plan, RepairStep step, UpstreamCheck check, Instant now) {
        StepState before = step.state;
        Instant triggeredBefore = step.triggeredAt;
        step.attempts++;
        RunRecord known = runs.get(step.run());
        step.supersededRunId = known == null ? null : known.brokenRunId;
        step.state = StepState.TRIGGERED;
        step.triggeredAt = now;
        step.nextAttemptAt = null;
        step.upstreamCoverage = check.minCoverage();
        step.degraded = check.minCoverage() != null && check.minCoverage() < 1.0 - COVERAGE_EPSILON;
        step.detail = step.degraded ? "runs on partial upstream coverage " + check.minCoverage() : null;
        store.updateStep(step);
        try {
            events.publish(new ProcessorTrigger(step.run().processor(), step.run().dataDate(),
                    "backfill: " + plan.reason(), plan.planId(), step.attempts, now), plan.correlationId());
        } catch (RuntimeException e) {
            step.attempts--;
            step.state = before;
            step.triggeredAt = triggeredBefore;
            store.updateStep(step);
            throw e;
        }
        LOG.infof("Plan %s: triggered %s (attempt %d%s)", plan.planId(), step.run(), step.attempts,
                step.degraded ? ", degraded" : "");
        publish(new BackfillStepTriggered(plan.planId(), step.stepId(), step.run().processor(),
                step.run().dataDate(), step.attempts, now, step.degraded, plan.causeChain(), check.minCoverage()),
                plan);
    }

    private void markDone(RepairPlan plan, RepairStep step, String runId, String detail) {
        step.state = StepState.DONE;
        step.doneAt = clock.instant();
        step.runId = runId;
        step.nextAttemptAt = null;
        step.detail = detail;
        store.updateStep(step);
        publish(new BackfillStepDone(plan.planId(), step.stepId(), step.run().processor(), step.run().dataDate(),
                Math.max(1, step.attempts), BackfillStepDone.Outcome.COMPLETED, step.doneAt, step.degraded,
                plan.causeChain(), runId, detail), plan);
    }

    /** A failure or stuck verdict that answers a trigger consumes that step's attempt (once per trigger). */
    private boolean attemptsFailedBy(RunKey run, String runId, Instant at, String why) {
        boolean answered = false;
        for (RepairStep step : stepsOf(run)) {
            RepairPlan plan = plans.get(step.planId());
            // the run that was already broken when the step was triggered is not the run the trigger started
            if (plan != null && plan.open() && step.triggeredAt != null && !at.isBefore(step.triggeredAt)
                    && (runId == null || !runId.equals(step.supersededRunId))) {
                answered = true;
                if (step.state == StepState.TRIGGERED) {
                    attemptFailed(plan, step, why);
                }
            }
        }
        return answered;
    }

    private void attemptFailed(RepairPlan plan, RepairStep step, String why) {
        if (step.attempts >= repair.maxAttempts()) {
            abandon(plan, step, "attempts exhausted (" + step.attempts + "/" + repair.maxAttempts() + "): " + why);
            return;
        }
        step.state = StepState.BACKOFF;
        step.nextAttemptAt = clock.instant().plus(backoffAfter(step.attempts));
        step.detail = why;
        store.updateStep(step);
        publish(new BackfillStepDone(plan.planId(), step.stepId(), step.run().processor(), step.run().dataDate(),
                step.attempts, BackfillStepDone.Outcome.FAILED, clock.instant(), step.degraded, plan.causeChain(),
                null, why + "; next attempt at " + step.nextAttemptAt), plan);
    }

    /** Exponential backoff after the n-th failed attempt: initial × multiplier^(n-1), capped. */
    public Duration backoffAfter(int failedAttempts) {
        double factor = Math.pow(repair.backoffMultiplier(), Math.max(0, failedAttempts - 1));
        double millis = repair.backoffInitial().toMillis() * factor;
        long capped = (long) Math.min(millis, repair.backoffMax().toMillis());
        return Duration.ofMillis(capped);
    }

    private void abandon(RepairPlan plan, RepairStep failedStep, String why) {
        Instant now = clock.instant();
        if (failedStep != null) {
            gaveUp.put(failedStep.run(), now);
            failedStep.state = StepState.FAILED;
            failedStep.detail = why;
            failedStep.doneAt = now;
            store.updateStep(failedStep);
        }
        for (RepairStep step : plan.steps()) {
            if (!step.state.terminal()) {
                step.state = StepState.CANCELLED;
                step.detail = "plan abandoned";
                store.updateStep(step);
            }
        }
        plan.status = PlanStatus.ABANDONED;
        plan.closedAt = now;
        plan.closeReason = why;
        store.updatePlan(plan);
        retire(plan);
        LOG.errorf("Plan %s abandoned: %s", plan.planId(), why);
        RunKey at = failedStep != null ? failedStep.run() : plan.root();
        int attempts = failedStep != null ? failedStep.attempts : 0;
        if (failedStep != null) {
            publish(new BackfillStepDone(plan.planId(), failedStep.stepId(), at.processor(), at.dataDate(),
                    Math.max(1, attempts), BackfillStepDone.Outcome.FAILED, now, failedStep.degraded,
                    plan.causeChain(), null, why), plan);
        }
        PlanStep step = failedStep != null ? planStep(failedStep)
                : new PlanStep(RepairStep.idOf(at), at.processor(), at.dataDate(), List.of(), "cancelled");
        publish(new BackfillPlanAbandoned(plan.planId(), now, plan.root().processor(), plan.root().dataDate(), step,
                attempts, why, plan.causeChain()), plan);
        publish(new BackfillAbandonedAlert(plan.planId(), at.processor(), at.dataDate(), attempts, why,
                Severity.CRITICAL, now, plan.causeChain()), plan);
    }

    private void complete(RepairPlan plan) {
        plan.status = PlanStatus.COMPLETED;
        plan.closedAt = clock.instant();
        plan.closeReason = "every step completed";
        store.updatePlan(plan);
        retire(plan);
        int degraded = (int) plan.steps().stream().filter(RepairStep::degraded).count();
        LOG.infof("Plan %s completed (%d steps, %d degraded)", plan.planId(), plan.steps().size(), degraded);
        publish(new BackfillPlanCompleted(plan.planId(), plan.closedAt, plan.root().processor(),
                plan.root().dataDate(), plan.steps().size(), degraded, plan.causeChain()), plan);
    }

    /** A closed plan stays in memory only while a degraded step of it may still need a follow-up run. */
    private void retire(RepairPlan plan) {
        if (plan.steps().stream().noneMatch(s -> s.degraded && !s.followedUp && s.state == StepState.DONE)) {
            plans.remove(plan.planId());
            for (RepairStep step : plan.steps()) {
                List<RepairStep> list = stepsByRun.get(step.run());
                if (list != null) {
                    list.remove(step);
                    if (list.isEmpty()) {
                        stepsByRun.remove(step.run());
                    }
                }
            }
        }
    }

    private void index(RepairPlan plan) {
        for (RepairStep step : plan.steps()) {
            stepsByRun.computeIfAbsent(step.run(), k -> new ArrayList<>()).add(step);
        }
    }

    private List<RepairStep> stepsOf(RunKey run) {
        return List.copyOf(stepsByRun.getOrDefault(run, List.of()));
    }

    private boolean stalled(RepairStep step, Instant now) {
        if (step.triggeredAt == null || now.isBefore(step.triggeredAt.plus(settings.stallAfter()))) {
            return false;
        }
        RunRecord record = runs.get(step.run());
        return record == null || record.aliveAt == null || record.aliveAt.isBefore(step.triggeredAt)
                || !now.isBefore(record.aliveAt.plus(settings.stallAfter()));
    }

    /** An operator stops a plan: its open steps are cancelled, nothing more is triggered for it. */
    public synchronized Optional<RepairPlan> cancel(String planId, String by) {
        RepairPlan plan = plans.get(planId);
        if (plan == null || !plan.open()) {
            return Optional.ofNullable(plan);
        }
        RepairStep first = plan.steps().stream().filter(s -> !s.state.terminal()).findFirst().orElse(null);
        for (RepairStep step : plan.steps()) {
            if (!step.state.terminal()) {
                step.state = StepState.CANCELLED;
                step.detail = "cancelled by " + by;
                store.updateStep(step);
            }
        }
        plan.status = PlanStatus.ABANDONED;
        plan.closedAt = clock.instant();
        plan.closeReason = "cancelled by " + by;
        store.updatePlan(plan);
        retire(plan);
        RunKey at = first != null ? first.run() : plan.root();
        publish(new BackfillPlanAbandoned(plan.planId(), plan.closedAt, plan.root().processor(),
                plan.root().dataDate(), new PlanStep(RepairStep.idOf(at), at.processor(), at.dataDate(), List.of(),
                        "cancelled"), first != null ? first.attempts : 0, plan.closeReason, plan.causeChain()), plan);
        advance();
        return Optional.of(plan);
    }

    // ---------------------------------------------------------------- sweep

    /**
     * Runs that should exist and do not (a processor with an expected time and no completion for an active date by
     * then), stalled plans (through {@link #advance()}), and degraded steps whose upstream coverage has improved.
     */
    public synchronized SweepResult sweep() {
        Instant now = clock.instant();
        LocalDate today = today();
        LocalDate from = today.minusDays(settings.sweepLookbackDays());
        LocalDate to = today.plusDays(1);
        TreeSet<LocalDate> dates = new TreeSet<>();
        activeDates.stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).forEach(dates::add);
        dates.addAll(schedule.datesWithGames(from, to));
        Set<String> before = new HashSet<>(plans.keySet());
        for (String processor : topology.order()) {
            PipelineConfig.Processor p = topology.processor(processor).orElseThrow();
            if (p.expectedBy() == null) {
                continue;
            }
            for (LocalDate date : dates) {
                RunKey run = new RunKey(processor, date);
                Instant expected = p.expectedBy().on(date);
                RunRecord record = runs.get(run);
                if (expected.isAfter(now) || record != null && record.completedAt != null || isCovered(run)) {
                    continue;
                }
                activeDates.add(date);
                request(new RepairRequest(new BrokenRun(run, "missing", "no completion by " + expected),
                        "missing run", null, List.of()));
            }
        }
        List<String> opened = plans.keySet().stream().filter(id -> !before.contains(id)).toList();
        advance();
        List<String> followUps = followUpDegraded();
        return new SweepResult(dates.stream().map(LocalDate::toString).toList(), opened, followUps,
                openPlans().size(), stepsInFlight());
    }

    /** A step that ran on partial upstream coverage runs again (with its dependents) once that coverage improved. */
    private List<String> followUpDegraded() {
        List<String> opened = new ArrayList<>();
        Instant now = clock.instant();
        for (RepairPlan plan : List.copyOf(plans.values())) {
            for (RepairStep step : plan.steps()) {
                if (!step.degraded || step.followedUp || step.state != StepState.DONE) {
                    continue;
                }
                Double current = currentUpstreamCoverage(step.run(), now);
                if (current == null || step.upstreamCoverage == null
                        || current <= step.upstreamCoverage + COVERAGE_EPSILON) {
                    continue;
                }
                step.followedUp = true;
                store.updateStep(step);
                String reason = String.format(java.util.Locale.ROOT,
                        "degraded follow-up: upstream coverage %.2f -> %.2f", step.upstreamCoverage, current);
                Optional<RepairPlan> followUp = coveringPlan(step.run());
                if (followUp.isEmpty()) {
                    followUp = Optional.of(createPlan(List.of(new BrokenRun(step.run(), "degraded", reason)), reason,
                            plan.correlationId(), plan.causeChain()));
                }
                opened.add(followUp.get().planId());
                if (!plan.open()) {
                    retire(plan);
                }
            }
        }
        if (!opened.isEmpty()) {
            advance();
        }
        return opened;
    }

    private Double currentUpstreamCoverage(RunKey run, Instant now) {
        Double min = null;
        for (PipelineConfig.Edge edge : topology.upstreamOf(run.processor())) {
            RunKey up = new RunKey(edge.from(), edge.byFreshness() ? run.dataDate() : run.dataDate().plusDays(edge.offset()));
            RunRecord record = runs.get(up);
            if (record == null || !record.completed()) {
                continue;
            }
            Optional<Double> coverage = coverageOf(up, record, now);
            if (coverage.isPresent()) {
                min = min == null ? coverage.get() : Math.min(min, coverage.get());
            }
        }
        return min;
    }

    // ---------------------------------------------------------------- queries

    public synchronized List<RepairPlan> activePlans() {
        List<RepairPlan> list = new ArrayList<>(plans.values());
        list.sort(RepairPlan.BY_DEADLINE);
        return list;
    }

    public synchronized Optional<RepairPlan> plan(String planId) {
        return Optional.ofNullable(plans.get(planId));
    }

    public synchronized Optional<RunRecord> run(RunKey key) {
        return Optional.ofNullable(runs.get(key));
    }

    public synchronized int stepsInFlight() {
        int n = 0;
        for (RepairPlan plan : plans.values()) {
            if (plan.open()) {
                n += (int) plan.steps().stream().filter(s -> s.state == StepState.TRIGGERED).count();
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- helpers

    private List<RepairPlan> openPlans() {
        List<RepairPlan> open = new ArrayList<>();
        for (RepairPlan plan : plans.values()) {
            if (plan.open()) {
                open.add(plan);
            }
        }
        return open;
    }

    /** An open plan in which this run is a step still to be done (a plan's root is its first step). */
    private Optional<RepairPlan> coveringPlan(RunKey run) {
        return findStep(run, null, step -> !step.state.terminal());
    }

    private boolean isCovered(RunKey run) {
        return coveringPlan(run).isPresent();
    }

    private Optional<RepairPlan> otherPlanRepairing(RepairPlan self, RunKey run) {
        return findStep(run, self, step -> !step.state.terminal());
    }

    private Optional<RepairPlan> inFlightElsewhere(RepairPlan self, RunKey run) {
        return findStep(run, self, step -> step.state == StepState.TRIGGERED);
    }

    /** The first open plan (other than {@code except}) with a step for this run that matches. */
    private Optional<RepairPlan> findStep(RunKey run, RepairPlan except,
            java.util.function.Predicate<RepairStep> matches) {
        for (RepairStep step : stepsByRun.getOrDefault(run, List.of())) {
            RepairPlan plan = plans.get(step.planId());
            if (plan != null && plan != except && plan.open() && matches.test(step)) {
                return Optional.of(plan);
            }
        }
        return Optional.empty();
    }

    private Optional<Instant> expectedBy(RunKey run) {
        return topology.processor(run.processor()).map(PipelineConfig.Processor::expectedBy)
                .map(t -> t.on(run.dataDate()));
    }

    private boolean isActive(LocalDate date) {
        return activeDates.contains(date) || schedule.firstTipoff(date).isPresent();
    }

    private RunRecord record(RunKey run) {
        activeDates.add(run.dataDate());
        return runs.computeIfAbsent(run, RunRecord::new);
    }

    private void save(RunRecord record) {
        store.saveRun(record, !persistedRuns.contains(record.key()));
        persistedRuns.add(record.key());
    }

    private void note(RepairStep step, String detail) {
        if (!Objects.equals(step.detail, detail)) {
            step.detail = detail;
            store.updateStep(step);
        }
    }

    private PlanStep planStep(RepairStep step) {
        return new PlanStep(step.stepId(), step.run().processor(), step.run().dataDate(), step.dependsOn(),
                step.state.wire());
    }

    private static String describe(RunRecord record, String status) {
        return switch (status) {
            case "stale" -> "input stale since " + record.staleAt;
            case "stuck" -> "stuck (verdict at " + (record.stuckAt != null ? record.stuckAt : record.failedAt) + ")";
            default -> status + " at " + record.failedAt;
        };
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Lifecycle events and alerts: a publish failure is logged, never allowed to undo durable repair state. */
    private void publish(EventPayload payload, RepairPlan plan) {
        try {
            events.publish(payload, plan.correlationId());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not publish %s for plan %s", payload.getClass().getSimpleName(), plan.planId());
        }
    }
}
