package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.util.List;

/** One run of a repair plan: its state, attempts, backoff, and whether it ran on partial upstream coverage. */
public final class RepairStep {
    private final String planId;
    private final int seq;
    private final RunKey run;
    private final List<String> dependsOn;
    StepState state = StepState.PENDING;
    int attempts;
    Instant triggeredAt;
    Instant nextAttemptAt;
    Instant doneAt;
    boolean degraded;
    Double upstreamCoverage;
    boolean followedUp;
    String runId;
    String detail;
    String supersededRunId;

    public RepairStep(String planId, int seq, RunKey run, List<String> dependsOn) {
        this.planId = planId;
        this.seq = seq;
        this.run = run;
        this.dependsOn = List.copyOf(dependsOn);
    }

    public static String idOf(RunKey run) {
        return run.processor() + "@" + run.dataDate();
    }

    public String stepId() {
        return idOf(run);
    }

    public String planId() {
        return planId;
    }

    public int seq() {
        return seq;
    }

    public RunKey run() {
        return run;
    }

    public List<String> dependsOn() {
        return dependsOn;
    }

    public StepState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Instant triggeredAt() {
        return triggeredAt;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant doneAt() {
        return doneAt;
    }

    public boolean degraded() {
        return degraded;
    }

    public Double upstreamCoverage() {
        return upstreamCoverage;
    }

    public boolean followedUp() {
        return followedUp;
    }

    public String runId() {
        return runId;
    }

    public String detail() {
        return detail;
    }

    /** The run id that was already broken when this step was triggered: its late signals are not this attempt's. */
    public String supersededRunId() {
        return supersededRunId;
    }

    public void restore(StepState state, int attempts, Instant triggeredAt, Instant nextAttemptAt, Instant doneAt,
            boolean degraded, Double upstreamCoverage, boolean followedUp, String runId, String detail,
            String supersededRunId) {
        this.supersededRunId = supersededRunId;
        this.state = state;
        this.attempts = attempts;
        this.triggeredAt = triggeredAt;
        this.nextAttemptAt = nextAttemptAt;
        this.doneAt = doneAt;
        this.degraded = degraded;
        this.upstreamCoverage = upstreamCoverage;
        this.followedUp = followedUp;
        this.runId = runId;
        this.detail = detail;
    }
}
