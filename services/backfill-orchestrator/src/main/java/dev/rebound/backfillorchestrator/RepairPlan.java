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
import java.util.function.Supplier;

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
    /** Read from the store only when an event or a view needs it: most decisions never look at it. */
    private Supplier<List<Cause>> storedCauseChain;
    private List<Cause> causeChain;
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

    /** A plan as stored, its cause chain read when first asked for (steps are added with {@link #addStep}). */
    public static RepairPlan restore(String planId, RunKey root, String reason, String correlationId,
            Instant createdAt, Instant earliestTipoffAt, Supplier<List<Cause>> causeChain, PlanStatus status,
            Instant closedAt, String closeReason) {
        RepairPlan plan = new RepairPlan(planId, root, reason, correlationId, createdAt, earliestTipoffAt, List.of());
        plan.causeChain = null;
        plan.storedCauseChain = causeChain;
        plan.close(status, closedAt, closeReason);
        return plan;
    }

    /** Closes the plan: completed, or abandoned (attempts exhausted, expired, cancelled). */
    void close(PlanStatus closedAs, Instant at, String why) {
        status = closedAs;
        closedAt = at;
        closeReason = why;
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
        if (causeChain == null) {
            causeChain = List.copyOf(storedCauseChain.get());
        }
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
