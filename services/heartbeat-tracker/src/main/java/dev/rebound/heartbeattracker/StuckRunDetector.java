package dev.rebound.heartbeattracker;

import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.messaging.StuckAnnouncer;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The sweep: every running run silent longer than its processor's threshold becomes stuck — through a guarded
 * UPDATE, so exactly one sweep (of any instance, before or after any restart) wins each verdict — and the verdict's
 * announcements go into the outbox in the same transaction. Runs from the internal timer and from Cloud Scheduler's
 * POST /tasks/sweep. Verdicts are held back for a grace period after this instance starts and after the state store
 * comes back from an outage: heartbeats that could not be recorded meanwhile are still on their way back from
 * Pub/Sub's redelivery, and must not be mistaken for silence. And silence is judged only up to what the heartbeat
 * stream is known to have delivered ({@link DeliveryWatermark}, the canaries): while it is late, a run must have
 * been silent past its threshold before the stream stalled to be declared stuck.
 */
@ApplicationScoped
public class StuckRunDetector {
    private static final Logger LOG = Logger.getLogger(StuckRunDetector.class);

    private final RunStore store;
    private final StateStore stateStore;
    private final StuckAnnouncer announcer;
    private final Topology topology;
    private final Clock clock;
    private final HeartbeatConfig config;
    private final DeliveryWatermark delivered;
    private final Instant holdVerdictsUntil;

    @Inject
    public StuckRunDetector(RunStore store, StateStore stateStore, StuckAnnouncer announcer, Topology topology,
            ScenarioClock clock, HeartbeatConfig config, HeartbeatCanaries canaries) {
        this(store, stateStore, announcer, topology, clock, config, canaries,
                clock.instant().plus(config.restartGrace()));
    }

    /**
     * @param delivered         up to when the heartbeat stream is known to have delivered (silence is judged up to it)
     * @param holdVerdictsUntil before this time the sweep declares nothing stuck: heartbeats sent while this
     *                          instance was down may still be in Pub/Sub's backlog
     */
    public StuckRunDetector(RunStore store, StateStore stateStore, StuckAnnouncer announcer, Topology topology,
            Clock clock, HeartbeatConfig config, DeliveryWatermark delivered, Instant holdVerdictsUntil) {
        this.store = store;
        this.stateStore = stateStore;
        this.announcer = announcer;
        this.topology = topology;
        this.clock = clock;
        this.config = config;
        this.delivered = delivered;
        this.holdVerdictsUntil = holdVerdictsUntil;
    }

    /** One sweep; serialized within the instance (timer and endpoint), made exact across instances by the store. */
    public synchronized SweepReport sweep() {
        delivered.sweeping();
        Instant now = clock.instant();
        List<SweepReport.Announced> newlyStuck = new ArrayList<>();
        Instant judgedUpTo = delivered.judgeSilenceUpTo(now);
        List<TrackedRun> running = store.running();
        Instant holdUntil = holdVerdictsUntil(now);
        boolean holding = now.isBefore(holdUntil);
        for (TrackedRun run : holding ? List.<TrackedRun>of() : running) {
            Duration threshold = topology.stuckThreshold(run.key().processor(), run.heartbeatIntervalS());
            if (!run.silentLongerThan(threshold, judgedUpTo)) {
                continue;
            }
            StuckVerdict verdict = new StuckVerdict(now, run.lastSeenAt(), seconds(run.silentFor(now)),
                    seconds(threshold), StuckVerdict.correlationIdFor(run));
            List<String> announced = stateStore.inTransaction(() -> store.markStuck(run, verdict)
                    ? announcer.announceStuck(run, verdict) : null);
            if (announced == null) {
                continue;
            }
            LOG.warnf("Run %s (%s) silent for %.0f s, threshold %.0f s: stuck", run.key(), run.dataDate(),
                    verdict.silentForS(), verdict.thresholdS());
            newlyStuck.add(new SweepReport.Announced(run.key().processor(), run.key().runId(), run.dataDate(),
                    verdict.lastSeenAt(), verdict.silentForS(), verdict.thresholdS(), verdict.correlationId(),
                    announced));
        }
        return new SweepReport(now, running.size(), holding ? holdUntil : null,
                judgedUpTo.isBefore(now) ? judgedUpTo : null, newlyStuck);
    }

    /**
     * The latest of the start-up grace, the grace after the state store last came back from an outage and the hold
     * while the heartbeat stream catches up on a backlog.
     */
    private Instant holdVerdictsUntil(Instant now) {
        Instant until = holdVerdictsUntil;
        for (Optional<Instant> hold : List.of(stateStore.lastRecoveredAt().map(t -> t.plus(config.restartGrace())),
                delivered.holdVerdictsUntil(now))) {
            if (hold.isPresent() && hold.get().isAfter(until)) {
                until = hold.get();
            }
        }
        return until;
    }

    /** Exact, not truncated to milliseconds: a run stuck 30.0004 s after a 30 s threshold must not report 30.0. */
    private static double seconds(Duration d) {
        return d.toNanos() / 1_000_000_000.0;
    }
}
