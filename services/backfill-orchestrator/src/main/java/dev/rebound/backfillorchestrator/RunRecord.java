package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.util.Optional;

/**
 * What the orchestrator has seen of one processor run (processor, data date): its latest completion, failure,
 * stuck verdict, late heartbeat (a possible zombie), stale-input mark and coverage. Each {@code record...} method
 * takes a signal in and says whether it changed anything (only then is the row written); signals arrive in any
 * order, so each fact keeps its latest value.
 */
public final class RunRecord {
    private final RunKey key;
    private Instant completedAt;
    private String runId;
    private Instant failedAt;
    private String brokenRunId;
    private RunStatus failureReason;
    private Instant stuckAt;
    private Instant aliveAt;
    private Instant staleAt;
    private Double coverage;
    private Instant coverageAt;

    public RunRecord(RunKey key) {
        this.key = key;
    }

    /** A record as stored. */
    public static RunRecord restore(RunKey key, Instant completedAt, String runId, Instant failedAt,
            String brokenRunId, RunStatus failureReason, Instant stuckAt, Instant aliveAt, Instant staleAt,
            Double coverage, Instant coverageAt) {
        RunRecord r = new RunRecord(key);
        r.completedAt = completedAt;
        r.runId = runId;
        r.failedAt = failedAt;
        r.brokenRunId = brokenRunId;
        r.failureReason = failureReason;
        r.stuckAt = stuckAt;
        r.aliveAt = aliveAt;
        r.staleAt = staleAt;
        r.coverage = coverage;
        r.coverageAt = coverageAt;
        return r;
    }

    boolean recordCompletion(String completedRunId, Instant at) {
        if (!after(at, completedAt)) {
            return false;
        }
        completedAt = at;
        runId = completedRunId;
        return true;
    }

    boolean recordFailure(String failedRunId, RunStatus reason, Instant at) {
        if (!after(at, failedAt)) {
            return false;
        }
        brokenRunId = failedRunId;
        failedAt = at;
        failureReason = reason;
        if (reason == RunStatus.STUCK && after(at, stuckAt)) {
            stuckAt = at;
        }
        return true;
    }

    boolean recordStuck(String stuckRunId, Instant at) {
        if (!after(at, stuckAt)) {
            return false;
        }
        stuckAt = at;
        brokenRunId = stuckRunId;
        return true;
    }

    boolean recordAlive(Instant heartbeatAt) {
        if (!after(heartbeatAt, aliveAt)) {
            return false;
        }
        aliveAt = heartbeatAt;
        return true;
    }

    /** Stale input counts only when it was detected after the run's latest completion. */
    boolean recordStale(Instant detectedAt) {
        if (!after(detectedAt, staleAt) || after(completedAt, detectedAt)) {
            return false;
        }
        staleAt = detectedAt;
        return true;
    }

    boolean recordCoverage(double value, Instant evaluatedAt) {
        if (!after(evaluatedAt, coverageAt)) {
            return false;
        }
        coverage = value;
        coverageAt = evaluatedAt;
        return true;
    }

    public RunKey key() {
        return key;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public String runId() {
        return runId;
    }

    public Instant failedAt() {
        return failedAt;
    }

    /** The run id of the latest failure or stuck verdict. */
    public String brokenRunId() {
        return brokenRunId;
    }

    public RunStatus failureReason() {
        return failureReason;
    }

    public Instant stuckAt() {
        return stuckAt;
    }

    public Instant aliveAt() {
        return aliveAt;
    }

    public Instant staleAt() {
        return staleAt;
    }

    public Double coverage() {
        return coverage;
    }

    public Instant coverageAt() {
        return coverageAt;
    }

    public boolean completed() {
        return completedAt != null && !after(failedAt, completedAt) && !after(stuckAt, completedAt)
                && !after(staleAt, completedAt);
    }

    /** A heartbeat came after the stuck verdict: the run may still be working, so it must not be started twice. */
    public boolean mightStillRun() {
        return aliveAt != null && (stuckAt == null || aliveAt.isAfter(stuckAt)) && !after(completedAt, aliveAt)
                && !after(failedAt, aliveAt);
    }

    /** Whether this run id's own completion, failure or stuck verdict was seen: it is no longer running. */
    public boolean ended(String someRunId) {
        return someRunId.equals(runId) && completedAt != null || someRunId.equals(brokenRunId);
    }

    /** The run as broken by its own latest signal (failed, stuck, stale after its completion), if it is. */
    public Optional<BrokenRun> broken() {
        Instant latest = latest(failedAt, stuckAt, staleAt);
        if (latest == null || after(completedAt, latest) || latest.equals(completedAt)) {
            return Optional.empty();
        }
        if (latest.equals(staleAt)) {
            return Optional.of(new BrokenRun(key, RunStatus.STALE, "input stale since " + staleAt));
        }
        if (latest.equals(stuckAt) || failureReason == RunStatus.STUCK) {
            return Optional.of(new BrokenRun(key, RunStatus.STUCK,
                    "stuck (verdict at " + (stuckAt != null ? stuckAt : failedAt) + ")"));
        }
        RunStatus status = failureReason == null ? RunStatus.FAILED : failureReason;
        return Optional.of(new BrokenRun(key, status, status.wire() + " at " + failedAt));
    }

    static boolean after(Instant a, Instant b) {
        return a != null && (b == null || a.isAfter(b));
    }

    private static Instant latest(Instant... instants) {
        Instant out = null;
        for (Instant i : instants) {
            if (i != null && (out == null || i.isAfter(out))) {
                out = i;
            }
        }
        return out;
    }
}
