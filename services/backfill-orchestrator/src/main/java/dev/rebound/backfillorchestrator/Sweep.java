package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The periodic backstop (every {@code repair.sweep_every}, and Cloud Scheduler's POST /tasks/sweep): plans runs
 * that should exist and do not (a processor with an expected time and no completion by then, on a date with
 * activity or games in the look-back window, unless a run of it is in progress or no game is left to protect),
 * and gives a degraded step one follow-up plan once the coverage it ran on has improved (also checked on every
 * coverage report).
 */
final class Sweep {
    private final Topology topology;
    private final EngineSettings settings;
    private final Clock clock;
    private final TipoffSchedule schedule;
    private final Planner planner;
    private final UpstreamGate gate;

    Sweep(Topology topology, EngineSettings settings, Clock clock, TipoffSchedule schedule, Planner planner,
            UpstreamGate gate) {
        this.topology = topology;
        this.settings = settings;
        this.clock = clock;
        this.schedule = schedule;
        this.planner = planner;
        this.gate = gate;
    }

    /** Plans the missing runs of the look-back window; returns the dates it looked at. */
    List<LocalDate> planMissingRuns(RepairBook book) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate from = today.minusDays(settings.sweepLookbackDays());
        LocalDate to = today.plusDays(1);
        TreeSet<LocalDate> dates = new TreeSet<>(book.datesWithActivity(from, to));
        dates.addAll(schedule.datesWithGames(from, to));
        for (String processor : topology.order()) {
            PipelineConfig.Processor p = topology.processor(processor).orElseThrow();
            if (p.expectedBy() == null) {
                continue;
            }
            for (LocalDate date : dates) {
                RunKey run = new RunKey(processor, date);
                Instant expected = p.expectedBy().on(date);
                // expected_by means "completed by": a run still in progress then is watched, not duplicated
                if (expected.isAfter(now) || book.run(run).map(RunRecord::completedAt).isPresent()
                        || book.covered(run) || book.liveRun(run, now).isPresent()) {
                    continue;
                }
                planner.request(book, new RepairRequest(new BrokenRun(run, RunStatus.MISSING,
                        "no completion by " + expected), "missing run", null, List.of()));
            }
        }
        return List.copyOf(dates);
    }

    /**
     * A step that ran on partial upstream coverage runs again (with its dependents) once that coverage improved:
     * one follow-up per step, in a new plan unless an open plan already covers the run. Returns the plans.
     */
    List<String> followUpDegraded(RepairBook book) {
        List<String> plans = new ArrayList<>();
        Instant now = clock.instant();
        for (RepairPlan plan : book.plansAwaitingFollowUp()) {
            for (RepairStep step : plan.steps()) {
                if (!step.degraded() || step.followedUp() || step.state() != StepState.DONE) {
                    continue;
                }
                Double current = gate.currentUpstreamCoverage(book, step.run(), now);
                if (current == null || step.upstreamCoverage() == null
                        || current <= step.upstreamCoverage() + UpstreamGate.COVERAGE_EPSILON) {
                    continue;
                }
                step.markFollowedUp();
                book.save(step);
                String reason = String.format(Locale.ROOT, "degraded follow-up: upstream coverage %.2f -> %.2f",
                        step.upstreamCoverage(), current);
                Optional<RepairPlan> followUp = book.covering(step.run());
                plans.add(followUp.orElseGet(() -> planner.createPlan(book, List.of(new BrokenRun(step.run(),
                        RunStatus.DEGRADED, reason)), reason, plan.correlationId(), plan.causeChain())).planId());
            }
        }
        return plans;
    }
}
