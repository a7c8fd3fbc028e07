package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * A step's life and its plan's end: triggered (one attempt), done, failed attempt with exponential backoff, given
 * up after the attempt cap (the plan is abandoned with one critical alert), cancelled by an operator; a plan whose
 * steps are all done completes. Each change is written to the book and announced in the same transaction.
 */
final class StepLifecycle {
    private static final Logger LOG = Logger.getLogger(StepLifecycle.class);

    private final PipelineConfig.Repair repair;
    private final EngineSettings settings;
    private final Clock clock;
    private final PlanAnnouncer announcer;

    StepLifecycle(PipelineConfig.Repair repair, EngineSettings settings, Clock clock, PlanAnnouncer announcer) {
        this.repair = repair;
        this.settings = settings;
        this.clock = clock;
        this.announcer = announcer;
    }

    /** Starts the step's next attempt: the trigger and its lifecycle event are queued with the state change. */
    void trigger(RepairBook book, RepairPlan plan, RepairStep step, UpstreamGate.Check check) {
        String superseded = book.run(step.run()).map(RunRecord::brokenRunId).orElse(null);
        step.triggered(clock.instant(), check.minCoverage(), check.partial(), superseded);
        book.save(step);
        announcer.triggered(plan, step);
        LOG.infof("Plan %s: triggered %s (attempt %d%s)", plan.planId(), step.run(), step.attempts(),
                step.degraded() ? ", degraded" : "");
    }

    void markDone(RepairBook book, RepairPlan plan, RepairStep step, String runId, String why) {
        step.done(clock.instant(), runId, why);
        book.save(step);
        announcer.stepCompleted(plan, step);
    }

    /** Writes what a waiting step waits for, when that changed. */
    void note(RepairBook book, RepairStep step, String why) {
        if (step.note(why)) {
            book.save(step);
        }
    }

    /**
     * A failure or stuck verdict of a run: consumes the attempt of each step whose trigger it answers (once per
     * trigger). Returns whether it answered any trigger — then it is that repair's business, not a new plan's.
     */
    boolean attemptsFailedBy(RepairBook book, RunKey run, String runId, Instant at, String why) {
        boolean answered = false;
        for (RepairStep step : book.stepsOf(run)) {
            RepairPlan plan = book.planOf(step);
            // the run that was already broken when the step was triggered is not the run the trigger started
            if (plan.open() && step.triggeredAt() != null && !at.isBefore(step.triggeredAt())
                    && (runId == null || !runId.equals(step.supersededRunId()))) {
                answered = true;
                if (step.state() == StepState.TRIGGERED) {
                    attemptFailed(book, plan, step, why);
                }
            }
        }
        return answered;
    }

    /** A triggered run with no completion or failure within {@code stall-after} (allowing for late heartbeats). */
    boolean stalled(RepairBook book, RepairStep step, Instant now) {
        Duration stallAfter = settings.stallAfter();
        if (step.triggeredAt() == null || now.isBefore(step.triggeredAt().plus(stallAfter))) {
            return false;
        }
        RunRecord record = book.run(step.run()).orElse(null);
        return record == null || record.aliveAt() == null || record.aliveAt().isBefore(step.triggeredAt())
                || !now.isBefore(record.aliveAt().plus(stallAfter));
    }

    void attemptFailed(RepairBook book, RepairPlan plan, RepairStep step, String why) {
        if (step.attempts() >= repair.maxAttempts()) {
            abandon(book, plan, step,
                    "attempts exhausted (" + step.attempts() + "/" + repair.maxAttempts() + "): " + why);
            return;
        }
        Instant now = clock.instant();
        Instant next = now.plus(backoffAfter(step.attempts()));
        step.backOff(next, why);
        book.save(step);
        announcer.attemptFailed(plan, step, now, why + "; next attempt at " + next);
    }

    /** Exponential backoff after the n-th failed attempt: initial × multiplier^(n-1), capped. */
    Duration backoffAfter(int failedAttempts) {
        double factor = Math.pow(repair.backoffMultiplier(), Math.max(0, failedAttempts - 1));
        double millis = repair.backoffInitial().toMillis() * factor;
        return Duration.ofMillis((long) Math.min(millis, repair.backoffMax().toMillis()));
    }

    /**
     * Gives the plan up: {@code failedStep} (if any) fails for good — automatic signals for its run then open no
     * new plan for {@code plan-ttl} — the other open steps are cancelled, and one critical alert goes out.
     */
    void abandon(RepairBook book, RepairPlan plan, RepairStep failedStep, String why) {
        Instant now = clock.instant();
        if (failedStep != null) {
            failedStep.failed(now, why);
            book.save(failedStep);
        }
        cancelOpenSteps(book, plan, "plan abandoned");
        plan.close(PlanStatus.ABANDONED, now, why);
        book.save(plan);
        LOG.errorf("Plan %s abandoned: %s", plan.planId(), why);
        announcer.abandoned(plan, failedStep);
    }

    /** An operator stops the plan: its open steps are cancelled, nothing more is triggered for it. */
    void cancel(RepairBook book, RepairPlan plan, String by) {
        closeWithoutAlert(book, plan, "cancelled by " + by);
    }

    /**
     * A plan that could not progress (its steps waited for something that never came) closes with the reason: no
     * alert, since what it waited for has its own (a stuck run, a stale input), and paging that a repair did not
     * start is not actionable.
     */
    void expire(RepairBook book, RepairPlan plan, String why) {
        LOG.warnf("Plan %s closed: %s", plan.planId(), why);
        closeWithoutAlert(book, plan, why);
    }

    private void closeWithoutAlert(RepairBook book, RepairPlan plan, String why) {
        RepairStep first = plan.firstUnfinishedStep().orElse(null);
        cancelOpenSteps(book, plan, why);
        plan.close(PlanStatus.ABANDONED, clock.instant(), why);
        book.save(plan);
        announcer.closedWithoutAlert(plan, first);
    }

    void complete(RepairBook book, RepairPlan plan) {
        plan.close(PlanStatus.COMPLETED, clock.instant(), "every step completed");
        book.save(plan);
        LOG.infof("Plan %s completed (%d steps, %d degraded)", plan.planId(), plan.steps().size(),
                plan.steps().stream().filter(RepairStep::degraded).count());
        announcer.completed(plan);
    }

    private static void cancelOpenSteps(RepairBook book, RepairPlan plan, String why) {
        for (RepairStep step : plan.steps()) {
            if (!step.state().terminal()) {
                step.cancelled(why);
                book.save(step);
            }
        }
    }
}
