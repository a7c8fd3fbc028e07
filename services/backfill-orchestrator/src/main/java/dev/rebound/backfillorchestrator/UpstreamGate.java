package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The soft-dependency gate in front of every step: its upstream is satisfied when every upstream run completed with
 * coverage at or above its edge's threshold ({@code min_coverage}), rather than pass/fail, so a partially covered
 * upstream no longer blocks a whole phase. Freshness edges accept any run within {@code freshness_days}. A measured
 * upstream without a report yet waits up to {@code coverage-wait}, then counts as complete. An upstream run in
 * progress, or about to run again because its input landed after its run started (a later batch of the same day's
 * files), is waited for: a dependent started now would read what that run is replacing.
 */
final class UpstreamGate {
    static final double COVERAGE_EPSILON = 1e-6;

    private final Topology topology;
    private final Duration coverageWait;
    private final InputGate inputs;

    UpstreamGate(Topology topology, Duration coverageWait, InputGate inputs) {
        this.topology = topology;
        this.coverageWait = coverageWait;
        this.inputs = inputs;
    }

    /** The gate's answer: satisfied (with the lowest upstream coverage and latest completion) or what it waits for. */
    record Check(boolean satisfied, String blockedOn, Double minCoverage, Instant latestCompletion) {
        static Check blocked(String why) {
            return new Check(false, why, null, null);
        }

        /** Satisfied on less than full coverage: the step will run degraded. */
        boolean partial() {
            return minCoverage != null && minCoverage < 1.0 - COVERAGE_EPSILON;
        }
    }

    Check check(RepairBook book, RepairPlan plan, RepairStep step, Instant now) {
        Double minCoverage = null;
        Instant latest = null;
        LocalDate date = step.run().dataDate();
        for (PipelineConfig.Edge edge : topology.upstreamOf(step.run().processor())) {
            RunKey exact = new RunKey(edge.from(), edge.byFreshness() ? date : date.plusDays(edge.offset()));
            Optional<RepairStep> inPlan = plan.step(exact);
            if (inPlan.isPresent() && inPlan.get().state() != StepState.DONE) {
                return Check.blocked("waiting for " + exact + " in this plan");
            }
            Optional<RepairPlan> other = book.repairingElsewhere(plan, exact);
            if (other.isPresent()) {
                return Check.blocked("waiting for " + exact + " under repair in plan " + other.get().planId());
            }
            Optional<LiveRun> running = book.liveRun(exact, now);
            if (running.isPresent()) {
                return Check.blocked("waiting for " + exact + " run " + running.get().runId()
                        + ", in progress (last sign of life " + running.get().lastSeenAt() + ")");
            }
            Optional<String> rerun = inputs.rerunAwaited(book, exact, book.run(exact).orElse(null), now);
            if (rerun.isPresent()) {
                return Check.blocked(rerun.get());
            }
            String why = "no completion of " + exact + " seen";
            Double best = null;
            Instant bestAt = null;
            for (LocalDate candidate : candidates(edge, exact)) {
                RunKey up = new RunKey(edge.from(), candidate);
                RunRecord record = book.run(up).orElse(null);
                if (record == null || !record.completed()) {
                    continue;
                }
                Optional<Double> coverage = coverageOf(up, record, now);
                if (coverage.isEmpty()) {
                    why = "waiting for the coverage report of " + up;
                    continue;
                }
                if (coverage.get() + COVERAGE_EPSILON < edge.minCoverage()) {
                    why = String.format(Locale.ROOT, "%s coverage %.2f below the threshold %.2f", up,
                            coverage.get(), edge.minCoverage());
                    continue;
                }
                if (best == null || coverage.get() > best) {
                    best = coverage.get();
                    bestAt = record.completedAt();
                }
            }
            if (best == null) {
                return Check.blocked(why);
            }
            minCoverage = minCoverage == null ? best : Math.min(minCoverage, best);
            latest = latest == null || bestAt.isAfter(latest) ? bestAt : latest;
        }
        return new Check(true, null, minCoverage, latest);
    }

    /** The lowest coverage among this run's completed upstream runs now (null when none is known). */
    Double currentUpstreamCoverage(RepairBook book, RunKey run, Instant now) {
        Double min = null;
        for (PipelineConfig.Edge edge : topology.upstreamOf(run.processor())) {
            RunKey up = new RunKey(edge.from(),
                    edge.byFreshness() ? run.dataDate() : run.dataDate().plusDays(edge.offset()));
            RunRecord record = book.run(up).orElse(null);
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

    private static List<LocalDate> candidates(PipelineConfig.Edge edge, RunKey exact) {
        List<LocalDate> candidates = new ArrayList<>();
        if (edge.byFreshness()) {
            for (int back = 0; back <= edge.freshnessDays(); back++) {
                candidates.add(exact.dataDate().minusDays(back));
            }
        } else {
            candidates.add(exact.dataDate());
        }
        return candidates;
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
        if (record.coverageAt() != null && record.coverage() != null
                && !record.coverageAt().isBefore(record.completedAt())) {
            return Optional.of(record.coverage());
        }
        if (!now.isBefore(record.completedAt().plus(coverageWait))) {
            return Optional.of(1.0);
        }
        return Optional.empty();
    }
}
