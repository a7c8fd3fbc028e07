package dev.rebound.heartbeattracker;

import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.messaging.StuckAnnouncer;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The sweep: every running run silent longer than its processor's threshold becomes stuck — through a guarded
 * UPDATE, so exactly one sweep (of any instance, before or after any restart) wins each verdict and announces it —
 * and every announcement a previous sweep could not publish is retried. Runs from the internal timer and from
 * Cloud Scheduler's POST /tasks/sweep.
 */
@ApplicationScoped
public class StuckRunDetector {
    private static final Logger LOG = Logger.getLogger(StuckRunDetector.class);

    private final RunStore store;
    private final StuckAnnouncer announcer;
    private final Topology topology;
    private final Clock clock;
    private final HeartbeatConfig config;
    private final Instant holdVerdictsUntil;

    @Inject
    public StuckRunDetector(RunStore store, StuckAnnouncer announcer, Topology topology, ScenarioClock clock,
            HeartbeatConfig config) {
        this(store, announcer, topology, clock, config, clock.instant().plus(config.restartGrace()));
    }

    /**
     * @param holdVerdictsUntil before this time the sweep declares nothing stuck (it still retries announcements):
     *                          heartbeats sent while this instance was down may still be in Pub/Sub's backlog
     */
    public StuckRunDetector(RunStore store, StuckAnnouncer announcer, Topology topology, Clock clock,
            HeartbeatConfig config, Instant holdVerdictsUntil) {
        this.store = store;
        this.announcer = announcer;
        this.topology = topology;
        this.clock = clock;
        this.config = config;
        this.holdVerdictsUntil = holdVerdictsUntil;
    }

    /** One sweep; serialized within the instance (timer and endpoint), made exact across instances by the store. */
    public synchronized SweepReport sweep() {
        Instant now = clock.instant();
        List<SweepReport.Announced> newlyStuck = new ArrayList<>();
        List<SweepReport.Announced> retried = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<RunKey> handled = new HashSet<>();
        List<TrackedRun> running = store.running();
        boolean holding = now.isBefore(holdVerdictsUntil);
        for (TrackedRun run : holding ? List.<TrackedRun>of() : running) {
            Duration threshold = topology.stuckThreshold(run.key().processor(), run.heartbeatIntervalS());
            if (!run.silentLongerThan(threshold, now)) {
                continue;
            }
            StuckVerdict verdict = new StuckVerdict(now, run.lastSeenAt(), seconds(run.silentFor(now)),
                    seconds(threshold), StuckVerdict.correlationIdFor(run), false, false, false);
            Instant claim = now.plus(config.publishLease());
            if (!store.markStuck(run, verdict, claim)) {
                continue;
            }
            handled.add(run.key());
            LOG.warnf("Run %s (%s) silent for %.0f s, threshold %.0f s: stuck", run.key(), run.dataDate(),
                    verdict.silentForS(), verdict.thresholdS());
            newlyStuck.add(announce(stuck(run, verdict), claim, failures));
        }
        for (TrackedRun pending : store.withPendingAnnouncements()) {
            if (handled.contains(pending.key())) {
                continue;
            }
            Instant claim = now.plus(config.publishLease());
            if (store.claimAnnouncement(pending.key(), now, claim)) {
                TrackedRun fresh = store.find(pending.key()).orElse(pending);
                retried.add(announce(fresh, claim, failures));
            }
        }
        return new SweepReport(now, running.size(), holding ? holdVerdictsUntil : null, newlyStuck, retried,
                failures);
    }

    private SweepReport.Announced announce(TrackedRun run, Instant claim, List<String> failures) {
        List<String> published = List.of();
        try {
            published = announcer.announcePending(run);
        } catch (RuntimeException e) {
            store.releaseClaim(run.key(), claim);
            failures.add(run.key() + ": " + e.getMessage());
            LOG.warnf(e, "Stuck announcement of %s not (fully) published; the next sweep retries", run.key());
        }
        StuckVerdict v = run.verdict();
        return new SweepReport.Announced(run.key().processor(), run.key().runId(), run.dataDate(), v.lastSeenAt(),
                v.silentForS(), v.thresholdS(), v.correlationId(), published);
    }

    private static TrackedRun stuck(TrackedRun run, StuckVerdict verdict) {
        return new TrackedRun(run.key(), run.dataDate(), run.trigger(), run.backfillId(), run.startedAt(),
                run.lastHeartbeatAt(), run.lastSeenAt(), run.heartbeatIntervalS(), run.intervalFromStart(),
                run.progressDone(), run.progressTotal(), RunState.stuck, run.endedAt(), run.recordsWritten(),
                run.failureReason(), run.failureMessage(), run.lateHeartbeatAt(), verdict, run.version() + 1);
    }

    /** Exact, not truncated to milliseconds: a run stuck 30.0004 s after a 30 s threshold must not report 30.0. */
    private static double seconds(Duration d) {
        return d.toNanos() / 1_000_000_000.0;
    }
}
