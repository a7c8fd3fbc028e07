package dev.rebound.backfillorchestrator;

import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a deadline warning may start: when the run holding the landing back is not running — it failed, was declared
 * stuck, or has not started although its upstream is done — its repair is planned now through the ordinary planning
 * path ({@link Planner#request}: one plan per run, none after a recent give-up, inputs and upstream gates as
 * always), rather than waiting for its failure's own plan or the next sweep. A slow run that is alive is never
 * touched: a run seen alive ({@link LiveRun}) is watched, not triggered, whatever the warning says, and a warning
 * older than what the orchestrator saw (the run completed since, with nothing newer broken) changes nothing.
 */
final class EarlyRepair {
    private static final Logger LOG = Logger.getLogger(EarlyRepair.class);

    private final Topology topology;
    private final Clock clock;
    private final Planner planner;

    EarlyRepair(Topology topology, Clock clock, Planner planner) {
        this.topology = topology;
        this.clock = clock;
        this.planner = planner;
    }

    /** The repair plan the warning started or found, if it asks for one and one may be made. */
    Optional<RepairPlan> consider(RepairBook book, RunKey critical, DeadlineAtRisk.RunState state,
            DeadlineAtRisk.Cause cause, String detail, String correlationId) {
        // a run the forecast itself sees running or completed is no repair target, whatever the cause says
        if (cause == DeadlineAtRisk.Cause.SLOW_PROGRESS || state == DeadlineAtRisk.RunState.RUNNING
                || state == DeadlineAtRisk.RunState.COMPLETED || !topology.knows(critical.processor())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<LiveRun> live = book.liveRun(critical, now);
        if (live.isPresent()) {
            LOG.infof("Deadline at risk on %s (%s), but run %s is alive (last sign of life %s): watched, not started",
                    critical, cause, live.get().runId(), live.get().lastSeenAt());
            return Optional.empty();
        }
        Optional<RunRecord> record = book.run(critical);
        Optional<BrokenRun> seenBroken = record.flatMap(RunRecord::broken);
        if (seenBroken.isEmpty() && record.map(RunRecord::completed).orElse(false)) {
            LOG.infof("Deadline at risk on %s (%s), but it completed at %s: the warning is behind", critical, cause,
                    record.get().completedAt());
            return Optional.empty();
        }
        BrokenRun broken = seenBroken.orElseGet(() -> new BrokenRun(critical, statusOf(state),
                "deadline at risk: " + detail));
        return planner.request(book, new RepairRequest(broken, "deadline at risk (" + wire(cause) + ")",
                correlationId, List.of()));
    }

    private static RunStatus statusOf(DeadlineAtRisk.RunState state) {
        return switch (state) {
            case FAILED -> RunStatus.FAILED;
            case STUCK -> RunStatus.STUCK;
            case NOT_STARTED, RUNNING, COMPLETED -> RunStatus.MISSING;
        };
    }

    private static String wire(DeadlineAtRisk.Cause cause) {
        return switch (cause) {
            case SLOW_PROGRESS -> "slow_progress";
            case NOT_STARTED -> "not_started";
            case WAITING_ON_UPSTREAM -> "waiting_on_upstream";
        };
    }
}
