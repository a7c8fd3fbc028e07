package dev.rebound.backfillorchestrator;

import dev.rebound.events.Cause;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A repair: the root run and every dependent for the affected dates, in topological order. */
public final class RepairPlan {
    /** Deadline first: the plan whose earliest affected tip-off comes first is served first. */
    public static final Comparator<RepairPlan> BY_DEADLINE = Comparator
            .comparing(RepairPlan::earliestTipoffAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(RepairPlan::createdAt)
            .thenComparing(RepairPlan::planId);

    private final String planId;
    private final RunKey root;
    private final String reason;
    private final String correlationId;
    private final Instant createdAt;
    private final Instant earliestTipoffAt;
    private final List<Cause> causeChain;
    private final List<RepairStep> steps = new ArrayList<>();
    private final Map<RunKey, RepairStep> stepsByRun = new HashMap<>();
    private PlanStatus status = PlanStatus.OPEN;
    private Instant closedAt;
    private String closeReason;

    public RepairPlan(String planId, RunKey root, String reason, String correlationId, Instant createdAt,
            Instant earliestTipoffAt, List<Cause> causeChain) {
        this.planId = planId;
        this.root = root;
        this.reason = reason;
        this.correlationId = correlationId;
        this.createdAt = createdAt;
        this.earliestTipoffAt = earliestTipoffAt;
        this.causeChain = List.copyOf(causeChain);
    }

    /** Closes the plan: completed, or abandoned (attempts exhausted, expired, cancelled). */
    void close(PlanStatus closedAs, Instant at, String why) {
        status = closedAs;
        closedAt = at;
        closeReason = why;
    }

    /** A plan as stored (steps are added with {@link #addStep}). */
    public void restore(PlanStatus storedStatus, Instant storedClosedAt, String storedCloseReason) {
        close(storedStatus, storedClosedAt, storedCloseReason);
    }

    public void addStep(RepairStep step) {
        if (stepsByRun.putIfAbsent(step.run(), step) != null) {
            throw new IllegalArgumentException("plan " + planId + " already has a step for " + step.run());
        }
        steps.add(step);
    }

    public String planId() {
        return planId;
    }

    public RunKey root() {
        return root;
    }

    public String reason() {
        return reason;
    }

    public String correlationId() {
        return correlationId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant earliestTipoffAt() {
        return earliestTipoffAt;
    }

    public List<Cause> causeChain() {
        return causeChain;
    }

    /** Steps in topological order (read-only; add with {@link #addStep}). */
    public List<RepairStep> steps() {
        return Collections.unmodifiableList(steps);
    }

    public PlanStatus status() {
        return status;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean open() {
        return status == PlanStatus.OPEN;
    }

    public Optional<RepairStep> step(RunKey run) {
        return Optional.ofNullable(stepsByRun.get(run));
    }

    /** The first step not yet done, failed or cancelled. */
    public Optional<RepairStep> firstUnfinishedStep() {
        return steps.stream().filter(s -> !s.state().terminal()).findFirst();
    }
}
