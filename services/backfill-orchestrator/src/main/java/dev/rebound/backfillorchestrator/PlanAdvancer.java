package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves every open plan forward, deadline first (earliest affected tip-off, then age): expires plans past their
 * TTL, fails stalled attempts, and triggers each waiting step whose turn has come — not in flight for another plan,
 * not possibly still running, upstream satisfied — within the global limit of triggers in flight. The limit is
 * counted from the store under the decision lock, so all instances together never exceed it.
 */
final class PlanAdvancer {
    private final PipelineConfig.Repair repair;
    private final EngineSettings settings;
    private final Clock clock;
    private final UpstreamGate gate;
    private final StepLifecycle steps;

    PlanAdvancer(PipelineConfig.Repair repair, EngineSettings settings, Clock clock, UpstreamGate gate,
            StepLifecycle steps) {
        this.repair = repair;
        this.settings = settings;
        this.clock = clock;
        this.gate = gate;
        this.steps = steps;
    }

    void advance(RepairBook book) {
        Instant now = clock.instant();
        int inFlight = book.stepsInFlight();
        List<RepairPlan> ordered = new ArrayList<>(book.plans().stream().filter(RepairPlan::open).toList());
        ordered.sort(RepairPlan.BY_DEADLINE);
        for (RepairPlan plan : ordered) {
            if (!plan.open()) {
                continue;
            }
            if (now.isAfter(plan.createdAt().plus(settings.planTtl()))) {
                steps.abandon(book, plan, plan.firstUnfinishedStep().orElse(null),
                        "expired: still open after " + settings.planTtl());
                continue;
            }
            for (RepairStep step : plan.steps()) {
                if (!plan.open()) {
                    break;
                }
                if (step.state() == StepState.TRIGGERED) {
                    if (steps.stalled(book, step, now)) {
                        inFlight--;
                        steps.attemptFailed(book, plan, step,
                                "stalled: no completion or failure within " + settings.stallAfter());
                    }
                    continue;
                }
                if (waiting(step, now) && tryStart(book, plan, step, now, inFlight)) {
                    inFlight++;
                }
            }
            if (plan.open() && plan.steps().stream().allMatch(s -> s.state() == StepState.DONE)) {
                steps.complete(book, plan);
            }
        }
    }

    /** Pending, or backing off with its next attempt due. */
    private static boolean waiting(RepairStep step, Instant now) {
        return step.state() == StepState.PENDING || step.state() == StepState.BACKOFF
                && (step.nextAttemptAt() == null || !step.nextAttemptAt().isAfter(now));
    }

    /** Triggers the step if nothing holds it back; true when it did (one more trigger in flight). */
    private boolean tryStart(RepairBook book, RepairPlan plan, RepairStep step, Instant now, int inFlight) {
        Optional<RepairPlan> elsewhere = book.inFlightElsewhere(plan, step.run());
        if (elsewhere.isPresent()) {
            steps.note(book, step, "running for plan " + elsewhere.get().planId());
            return false;
        }
        RunRecord record = book.run(step.run()).orElse(null);
        if (record != null && record.mightStillRun() && step.state() == StepState.PENDING) {
            steps.note(book, step, "a heartbeat after the stuck verdict: the earlier run may still finish");
            return false;
        }
        UpstreamGate.Check check = gate.check(book, plan, step, now);
        if (!check.satisfied()) {
            steps.note(book, step, check.blockedOn());
            return false;
        }
        if (step.attempts() == 0 && record != null && record.completed()
                && record.completedAt().isAfter(plan.createdAt())
                && (check.latestCompletion() == null || !record.completedAt().isBefore(check.latestCompletion()))) {
            steps.markDone(book, plan, step, record.runId(), "completed by a run that started after the plan");
            return false;
        }
        if (inFlight >= repair.maxConcurrentTriggers()) {
            steps.note(book, step, "waiting for a trigger slot (" + repair.maxConcurrentTriggers() + " in flight)");
            return false;
        }
        steps.trigger(book, plan, step, check);
        return true;
    }
}
