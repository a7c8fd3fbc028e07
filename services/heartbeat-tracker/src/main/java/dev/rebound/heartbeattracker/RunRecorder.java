package dev.rebound.heartbeattracker;

import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.messaging.StuckAnnouncer;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.push.TransientFailureException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies lifecycle events to the stored runs: read, transition, write back only if the row has not moved on
 * (optimistic concurrency), otherwise read again. Returns once the change is in the warehouse, so the push that
 * brought the event is acknowledged only after its effect is durable.
 */
@ApplicationScoped
public class RunRecorder {
    private static final Logger LOG = Logger.getLogger(RunRecorder.class);
    private static final int MAX_ATTEMPTS = 8;

    private final RunStore store;
    private final StuckAnnouncer announcer;
    private final ScenarioClock clock;
    private final HeartbeatConfig config;

    public RunRecorder(RunStore store, StuckAnnouncer announcer, ScenarioClock clock, HeartbeatConfig config) {
        this.store = store;
        this.announcer = announcer;
        this.clock = clock;
        this.config = config;
    }

    /** A heartbeat: one UPDATE when the run is running and this is its newest heartbeat, the general path otherwise. */
    public void heartbeat(ProcessorHeartbeat e, int defaultIntervalS, Instant receivedAt) {
        if (store.recordHeartbeatOfRunningRun(e, TrackedRun.signOfLife(e.at(), receivedAt), clock.instant())) {
            return;
        }
        apply(new RunKey(e.processor(), e.runId()), run -> TrackedRun.heartbeat(run, e, defaultIntervalS, receivedAt));
    }

    /** Applies a transition; returns what it did (unchanged transitions write nothing). */
    public TrackedRun.Transition apply(RunKey key, Function<TrackedRun, TrackedRun.Transition> f) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<TrackedRun> stored = store.find(key);
            TrackedRun.Transition t = f.apply(stored.orElse(null));
            if (t.run() == null || !t.changed()) {
                return t;
            }
            Instant now = clock.instant();
            boolean written = stored.isEmpty() ? store.insert(t.run(), now) : store.update(t.run(), now);
            if (written) {
                if (t.lateHeartbeatToReport()) {
                    announceLateHeartbeat(key, now);
                }
                return t;
            }
        }
        throw new TransientFailureException("Run " + key + " kept changing under " + MAX_ATTEMPTS
                + " attempts to update it; Pub/Sub will redeliver");
    }

    /**
     * Publishes the late heartbeat now if no one else holds the run's announcements; otherwise (or if publishing
     * fails) the store still says it is pending and a sweep publishes it. The heartbeat itself is already recorded,
     * so the push is acknowledged either way.
     */
    private void announceLateHeartbeat(RunKey key, Instant now) {
        Instant until = now.plus(config.publishLease());
        if (!store.claimAnnouncement(key, now, until)) {
            return;
        }
        try {
            store.find(key).ifPresent(announcer::announcePending);
        } catch (RuntimeException e) {
            store.releaseClaim(key, until);
            LOG.warnf(e, "Late heartbeat of stuck run %s recorded but not yet published; the next sweep retries", key);
        }
    }
}
