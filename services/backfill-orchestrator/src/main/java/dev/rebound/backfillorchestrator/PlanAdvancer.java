package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Moves every open plan forward, smallest deadline margin first (a plan for a date the forecast has at risk, by the
 * margin of its latest at-risk announcement), then deadline first (earliest affected tip-off, then age): expires
 * plans past their TTL and closes plans that made no progress for {@code idle-plan-ttl}, fails stalled attempts,
 * and triggers each waiting step whose turn has come — not in flight for another plan, no live run of the
 * pipeline's own (watched instead), not possibly still running, its scraper input landed ({@link InputGate}: waits
 * until due, then escalates), upstream satisfied — within the global limit of triggers in flight. The limit is
 * counted from the store under the decision lock, so all instances together never exceed it.
 */
final class PlanAdvancer {
    private final PipelineConfig.Repair repair;
    private final EngineSettings settings;
    private final Clock clock;
    private final UpstreamGate gate;
    private final InputGate inputs;
    private final StepLifecycle steps;

    PlanAdvancer(PipelineConfig.Repair repair, EngineSettings settings, Clock clock, UpstreamGate gate,
            InputGate inputs, StepLifecycle steps) {
        this.inputs = inputs;
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
        ordered.sort(Comparator.comparing(book::marginOf, Comparator.nullsLast(Comparator.<Duration>naturalOrder()))
                .thenComparing(RepairPlan.BY_DEADLINE));
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
            // after the steps had their turn: one that just moved, or escalated, is not idle
            Instant lastProgress = lastProgress(plan);
            if (plan.open() && now.isAfter(lastProgress.plus(settings.idlePlanTtl()))
                    && !awaitingInput(book, plan, now)) {
                RepairStep first = plan.firstUnfinishedStep().orElse(null);
                steps.expire(book, plan, "no progress since " + lastProgress + " (idle-plan-ttl "
                        + settings.idlePlanTtl() + ")" + (first == null || first.detail() == null ? ""
                                : ": " + first.stepId() + " " + first.detail()));
            }
        }
    }

    /** A step waits for an input not due yet: the plan has a deadline of its own (it escalates then), not idle. */
    private boolean awaitingInput(RepairBook book, RepairPlan plan, Instant now) {
        return plan.steps().stream().filter(s -> !s.state().terminal())
                .anyMatch(s -> inputs.check(book, s.run(), now).verdict() == InputGate.Verdict.AWAITED);
    }

    /** When the plan last moved: its creation, or its latest trigger or finished step. */
    private static Instant lastProgress(RepairPlan plan) {
        Instant last = plan.createdAt();
        for (RepairStep step : plan.steps()) {
            for (Instant at : new Instant[] {step.triggeredAt(), step.doneAt()}) {
                if (at != null && at.isAfter(last)) {
                    last = at;
                }
            }
        }
        return last;
    }

    /**
     * Whether a completed run the plan did not start can stand in for the step, as far as its upstream goes: not if
     * it was seen starting before the latest of their completions — it may have read the very input the plan repairs
     * (the pipeline's own run racing a refresh). A run whose start was never seen (another plan's trigger answered by
     * a processor that reports no start) is judged by its completion, which the caller requires after theirs.
     */
    private static boolean sawItsInputs(RepairBook book, RepairStep step, RunRecord record, UpstreamGate.Check check) {
        if (check.latestCompletion() == null) {
            return true;
        }
        return book.firstSeen(step.run(), record.runId())
                .map(started -> !started.isBefore(check.latestCompletion())).orElse(true);
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
        Optional<LiveRun> live = book.liveRun(step.run(), now);
        if (live.isPresent()) {
            steps.note(book, step, "run " + live.get().runId() + " is in progress (last sign of life "
                    + live.get().lastSeenAt() + "): watched, not started twice");
            return false;
        }
        RunRecord record = book.run(step.run()).orElse(null);
        if (record != null && record.mightStillRun() && step.state() == StepState.PENDING) {
            steps.note(book, step, "a heartbeat after the stuck verdict: the earlier run may still finish");
            return false;
        }
        InputGate.Check input = inputs.check(book, step.run(), now);
        switch (input.verdict()) {
            case SUPERSEDED -> {
                steps.markDone(book, plan, step, null, input.detail());
                return false;
            }
            case AWAITED -> {
                steps.note(book, step, input.detail());
                return false;
            }
            case OVERDUE -> {
                steps.abandon(book, plan, step, input.detail());
                return false;
            }
            case READY -> {
            }
        }
        UpstreamGate.Check check = gate.check(book, plan, step, now);
        if (!check.satisfied()) {
            steps.note(book, step, check.blockedOn());
            return false;
        }
        if (step.attempts() == 0 && record != null && record.completed()
                && record.completedAt().isAfter(plan.createdAt())
                && (check.latestCompletion() == null || !record.completedAt().isBefore(check.latestCompletion()))
                && sawItsInputs(book, step, record, check)) {
            steps.markDone(book, plan, step, record.runId(), "completed by a run that ended after the plan"
                    + (check.latestCompletion() == null ? "" : " and did not start before its upstream completed"));
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
