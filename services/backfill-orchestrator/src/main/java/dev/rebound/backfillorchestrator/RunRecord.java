package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;

/**
 * What the orchestrator has seen of one processor run (processor, data date): its latest completion, failure,
 * stuck verdict, late heartbeat (a possible zombie), stale-input mark and coverage. Mutable; persisted on change.
 */
public final class RunRecord {
    private final RunKey key;
    Instant completedAt;
    String runId;
    Instant failedAt;
    String brokenRunId;
    String failureReason;
    Instant stuckAt;
    Instant aliveAt;
    Instant staleAt;
    Double coverage;
    Instant coverageAt;

    public RunRecord(RunKey key) {
        this.key = key;
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

    public String failureReason() {
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

    /** The status word of a broken run, or null when this run is not known to be broken. */
    public String brokenStatus() {
        Instant good = completedAt;
        Instant latest = latest(failedAt, stuckAt, staleAt);
        if (latest == null || after(good, latest) || good != null && good.equals(latest)) {
            return null;
        }
        if (latest.equals(staleAt)) {
            return "stale";
        }
        if (latest.equals(stuckAt) || "stuck".equals(failureReason)) {
            return "stuck";
        }
        return failureReason == null ? "failed" : failureReason;
    }

    public void restore(Instant completedAt, String runId, Instant failedAt, String brokenRunId,
            String failureReason, Instant stuckAt, Instant aliveAt, Instant staleAt, Double coverage,
            Instant coverageAt) {
        this.brokenRunId = brokenRunId;
        this.completedAt = completedAt;
        this.runId = runId;
        this.failedAt = failedAt;
        this.failureReason = failureReason;
        this.stuckAt = stuckAt;
        this.aliveAt = aliveAt;
        this.staleAt = staleAt;
        this.coverage = coverage;
        this.coverageAt = coverageAt;
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
