package dev.rebound.backfillorchestrator;

import dev.rebound.events.Cause;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The planning rules, in one place: whether a broken run gets a plan (one open plan per run; none for a while after
 * a plan gave up on it), where the repair starts (walk upstream to the earliest broken runs), what it covers (the
 * roots' dependents, plus any other broken upstream of a dependent and its own roots) and in which order
 * (topological, then by date). What counts as broken is {@link #brokenness}. No plan is opened for a run whose
 * input has been superseded ({@link InputGate}), nor, for inferred brokenness, when no game is left to protect.
 */
final class Planner {
    private static final Logger LOG = Logger.getLogger(Planner.class);
    /** Pulling other broken upstreams into a plan converges quickly; this only bounds a pathological graph. */
    private static final int MAX_PULL_IN_ROUNDS = 16;
    /**
     * Brokenness Rebound infers rather than a run reporting it (a missing run, a stale input): such a request opens a
     * plan only while a game it could protect is ahead.
     */
    private static final Set<RunStatus> INFERRED = Set.of(RunStatus.MISSING, RunStatus.STALE);

    private final Topology topology;
    private final EngineSettings settings;
    private final Clock clock;
    private final TipoffSchedule schedule;
    private final PlanAnnouncer announcer;
    private final InputGate inputs;

    Planner(Topology topology, EngineSettings settings, Clock clock, TipoffSchedule schedule,
            PlanAnnouncer announcer, InputGate inputs) {
        this.inputs = inputs;
        this.topology = topology;
        this.settings = settings;
        this.clock = clock;
        this.schedule = schedule;
        this.announcer = announcer;
    }

    /** Opens a plan for a broken run unless an open plan already covers it; returns the plan that covers it. */
    Optional<RepairPlan> request(RepairBook book, RepairRequest request) {
        RunKey run = request.broken().run();
        if (!topology.knows(run.processor())) {
            LOG.warnf("Ignoring a repair request for unknown processor %s", run.processor());
            return Optional.empty();
        }
        Optional<RepairPlan> covering = book.covering(run);
        if (covering.isPresent()) {
            return covering;
        }
        InputGate.Check input = inputs.check(book, run, clock.instant());
        if (input.verdict() == InputGate.Verdict.SUPERSEDED) {
            LOG.infof("No plan for %s (%s): %s", run, request.reason(), input.detail());
            return Optional.empty();
        }
        if (INFERRED.contains(request.broken().status()) && !gamesAhead(run)) {
            LOG.infof("No plan for %s (%s): no game ahead of it is left to protect", run, request.reason());
            return Optional.empty();
        }
        Optional<Instant> gaveUpAt = book.lastGaveUpOn(run);
        if (gaveUpAt.isPresent() && clock.instant().isBefore(gaveUpAt.get().plus(settings.planTtl()))) {
            LOG.infof("No new plan for %s: its last repair was abandoned at %s (an operator can POST /plans)", run,
                    gaveUpAt.get());
            return Optional.empty();
        }
        List<BrokenRun> allRoots = rootsOf(book, request.broken());
        List<BrokenRun> roots = allRoots.stream().filter(r -> !book.covered(r.run())).toList();
        if (roots.isEmpty()) {
            return book.covering(allRoots.get(0).run());
        }
        String correlationId = request.correlationId() != null ? request.correlationId()
                : UUID.randomUUID().toString();
        return Optional.of(createPlan(book, roots, request.reason(), correlationId, request.knownCauses()));
    }

    /**
     * Whether a repair from this run could still protect a game: a game of its date or of a dependent's date whose
     * tip-off is still ahead.
     */
    boolean gamesAhead(RunKey run) {
        Instant now = clock.instant();
        Set<LocalDate> dates = new TreeSet<>();
        dates.add(run.dataDate());
        topology.dependentsOf(run).forEach(d -> dates.add(d.dataDate()));
        return dates.stream().map(schedule::lastTipoff).flatMap(Optional::stream).anyMatch(t -> t.isAfter(now));
    }

    /** "Recover date D from processor P": a plan rooted exactly there, or the open plan already covering it. */
    RepairPlan manual(RepairBook book, RunKey run, String requestedBy) {
        if (!topology.knows(run.processor())) {
            throw new IllegalArgumentException("unknown processor " + run.processor() + "; known: "
                    + topology.order());
        }
        return book.covering(run).orElseGet(() -> createPlan(book, List.of(new BrokenRun(run, RunStatus.MANUAL,
                "repair requested by " + requestedBy)), "manual", UUID.randomUUID().toString(), List.of()));
    }

    /** The earliest broken runs upstream of this one (itself when nothing upstream is broken). */
    List<BrokenRun> rootsOf(RepairBook book, BrokenRun start) {
        List<BrokenRun> roots = new ArrayList<>();
        walk(book, start, roots, new HashSet<>());
        roots.sort(Comparator.comparingInt((BrokenRun b) -> topology.rank(b.run().processor()))
                .thenComparing(b -> b.run().dataDate()));
        return roots;
    }

    private void walk(RepairBook book, BrokenRun run, List<BrokenRun> roots, Set<RunKey> seen) {
        if (!seen.add(run.run())) {
            return;
        }
        List<BrokenRun> upstream = new ArrayList<>();
        for (RunKey up : topology.upstreamRunsOf(run.run())) {
            brokenness(book, up).ifPresent(upstream::add);
        }
        if (upstream.isEmpty()) {
            roots.add(run);
        } else {
            upstream.forEach(u -> walk(book, u, roots, seen));
        }
    }

    /**
     * Whether a run is broken: known failed, stuck or stale; under repair in an open plan; or, on a date the
     * system has seen activity for (a run, a repair step or a game), without a completion past its expected time.
     */
    Optional<BrokenRun> brokenness(RepairBook book, RunKey run) {
        Optional<RunRecord> record = book.run(run);
        Optional<BrokenRun> broken = record.flatMap(RunRecord::broken);
        if (broken.isPresent()) {
            return broken;
        }
        Optional<RepairPlan> covering = book.covering(run);
        if (covering.isPresent()) {
            return Optional.of(new BrokenRun(run, RunStatus.REPAIRING,
                    "under repair in plan " + covering.get().planId()));
        }
        Optional<Instant> expectedBy = topology.processor(run.processor()).map(PipelineConfig.Processor::expectedBy)
                .map(t -> t.on(run.dataDate()));
        if (record.map(RunRecord::completedAt).isEmpty() && expectedBy.isPresent()
                && expectedBy.get().isBefore(clock.instant()) && active(book, run.dataDate())
                && book.liveRun(run, clock.instant()).isEmpty()) {
            return Optional.of(new BrokenRun(run, RunStatus.MISSING, "no completion by " + expectedBy.get()));
        }
        return Optional.empty();
    }

    /** A plan of the roots and every dependent; a dependent's other broken upstreams (and their roots) join. */
    RepairPlan createPlan(RepairBook book, List<BrokenRun> roots, String reason, String correlationId,
            List<Cause> known) {
        Set<RunKey> members = new LinkedHashSet<>();
        Map<RunKey, BrokenRun> rootByKey = new LinkedHashMap<>();
        for (BrokenRun root : roots) {
            rootByKey.put(root.run(), root);
            members.addAll(topology.dependentsOf(root.run()));
        }
        boolean grew = true;
        for (int round = 0; grew && round < MAX_PULL_IN_ROUNDS; round++) {
            grew = false;
            for (RunKey member : List.copyOf(members)) {
                for (RunKey up : topology.upstreamRunsOf(member)) {
                    if (members.contains(up) || book.covered(up)) {
                        continue;
                    }
                    Optional<BrokenRun> broken = brokenness(book, up);
                    if (broken.isEmpty()) {
                        continue;
                    }
                    for (BrokenRun root : rootsOf(book, broken.get())) {
                        if (!book.covered(root.run()) && !members.contains(root.run())) {
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
        String planId = "bf-" + UUID.randomUUID();
        Instant earliestTipoff = ordered.stream().map(RunKey::dataDate).distinct()
                .map(schedule::firstTipoff).flatMap(Optional::stream).min(Comparator.naturalOrder()).orElse(null);
        RepairPlan plan = new RepairPlan(planId, root, reason, correlationId, clock.instant(), earliestTipoff,
                new CauseChain(topology, run -> brokenness(book, run)).of(ordered, rootByKey, known));
        int seq = 0;
        for (RunKey run : ordered) {
            List<String> dependsOn = topology.upstreamRunsOf(run).stream().filter(members::contains)
                    .map(RepairStep::idOf).toList();
            plan.addStep(new RepairStep(planId, seq++, run, dependsOn));
        }
        book.add(plan);
        LOG.infof("Plan %s (%s): root %s, %d steps", planId, reason, root, ordered.size());
        announcer.created(plan);
        return plan;
    }

    private boolean active(RepairBook book, LocalDate date) {
        return book.activityOn(date) || schedule.firstTipoff(date).isPresent();
    }
}
