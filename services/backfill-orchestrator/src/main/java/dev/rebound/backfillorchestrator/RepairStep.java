package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One run of a repair plan: its state, attempts, backoff, and whether it ran on partial upstream coverage. The
 * transitions below are the only way its state changes; {@link StepLifecycle} decides when each happens.
 */
public final class RepairStep {
    private final String planId;
    private final int seq;
    private final RunKey run;
    /** Read from the store only when an event or a view needs it: most decisions never look at it. */
    private Supplier<List<String>> storedDependsOn;
    private List<String> dependsOn;
    private StepState state = StepState.PENDING;
    private int attempts;
    private Instant triggeredAt;
    private Instant nextAttemptAt;
    private Instant doneAt;
    private boolean degraded;
    private Double upstreamCoverage;
    private boolean followedUp;
    private String runId;
    private String detail;
    private String supersededRunId;

    public RepairStep(String planId, int seq, RunKey run, List<String> dependsOn) {
        this.planId = planId;
        this.seq = seq;
        this.run = run;
        this.dependsOn = List.copyOf(dependsOn);
    }

    /** A step as stored, the steps it depends on read when first asked for. */
    public static RepairStep restore(String planId, int seq, RunKey run, Supplier<List<String>> dependsOn,
            StepState state,
            int attempts, Instant triggeredAt, Instant nextAttemptAt, Instant doneAt, boolean degraded,
            Double upstreamCoverage, boolean followedUp, String runId, String detail, String supersededRunId) {
        RepairStep s = new RepairStep(planId, seq, run, List.of());
        s.dependsOn = null;
        s.storedDependsOn = dependsOn;
        s.state = state;
        s.attempts = attempts;
        s.triggeredAt = triggeredAt;
        s.nextAttemptAt = nextAttemptAt;
        s.doneAt = doneAt;
        s.degraded = degraded;
        s.upstreamCoverage = upstreamCoverage;
        s.followedUp = followedUp;
        s.runId = runId;
        s.detail = detail;
        s.supersededRunId = supersededRunId;
        return s;
    }

    public static String idOf(RunKey run) {
        return run.processor() + "@" + run.dataDate();
    }

    /** A new attempt starts: the run that was broken until now ({@code superseded}) is not this attempt's. */
    void triggered(Instant at, Double minUpstreamCoverage, boolean onPartialCoverage, String superseded) {
        attempts++;
        state = StepState.TRIGGERED;
        triggeredAt = at;
        nextAttemptAt = null;
        upstreamCoverage = minUpstreamCoverage;
        degraded = onPartialCoverage;
        supersededRunId = superseded;
        detail = onPartialCoverage ? "runs on partial upstream coverage " + minUpstreamCoverage : null;
    }

    void done(Instant at, String completedRunId, String why) {
        state = StepState.DONE;
        doneAt = at;
        runId = completedRunId;
        nextAttemptAt = null;
        detail = why;
    }

    void backOff(Instant until, String why) {
        state = StepState.BACKOFF;
        nextAttemptAt = until;
        detail = why;
    }

    void failed(Instant at, String why) {
        state = StepState.FAILED;
        doneAt = at;
        detail = why;
    }

    void cancelled(String why) {
        state = StepState.CANCELLED;
        detail = why;
    }

    /** The step's one follow-up run was planned (its upstream coverage improved). */
    void markFollowedUp() {
        followedUp = true;
    }

    /** Says what the step waits for; true when that changed (and the step must be written). */
    boolean note(String why) {
        if (Objects.equals(detail, why)) {
            return false;
        }
        detail = why;
        return true;
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
        if (dependsOn == null) {
            dependsOn = List.copyOf(storedDependsOn.get());
        }
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
}
