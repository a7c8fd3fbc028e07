package dev.rebound.heartbeattracker;

import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.heartbeattracker.messaging.StuckAnnouncer;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.push.TransientFailureException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Applies lifecycle events to the stored runs inside one transaction (the message's, or, for a heartbeat, one of its
 * own): read the run with its row locked, transition, write back; a late heartbeat's alert goes into the outbox in
 * the same transaction. The push that brought the event is acknowledged only after all of it committed.
 */
@ApplicationScoped
public class RunRecorder {
    private static final int MAX_ATTEMPTS = 3;

    private final RunStore store;
    private final StuckAnnouncer announcer;
    private final ScenarioClock clock;

    public RunRecorder(RunStore store, StuckAnnouncer announcer, ScenarioClock clock) {
        this.store = store;
        this.announcer = announcer;
        this.clock = clock;
    }

    /**
     * A heartbeat: one UPDATE when the run is running and this is its newest heartbeat — committed with the other
     * heartbeats arriving together (RunStore's group commit) — the general path otherwise. Called outside any
     * transaction (RunLifecycleHandler#committedByItself): each path commits before it returns.
     */
    public void heartbeat(ProcessorHeartbeat e, int defaultIntervalS, Instant receivedAt) {
        if (store.recordHeartbeatOfRunningRun(e, TrackedRun.signOfLife(e.at(), receivedAt), clock.instant())) {
            return;
        }
        apply(new RunKey(e.processor(), e.runId()), run -> TrackedRun.heartbeat(run, e, defaultIntervalS, receivedAt));
    }

    /**
     * Applies a transition; returns what it did (unchanged transitions write nothing). A run no one has seen yet may
     * be created by two deliveries at once: the loser reads the winner's row and applies its transition to that.
     */
    public TrackedRun.Transition apply(RunKey key, Function<TrackedRun, TrackedRun.Transition> f) {
        return store.inTransaction(() -> applyInTransaction(key, f));
    }

    private TrackedRun.Transition applyInTransaction(RunKey key, Function<TrackedRun, TrackedRun.Transition> f) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<TrackedRun> stored = store.findForUpdate(key);
            TrackedRun.Transition t = f.apply(stored.orElse(null));
            if (t.run() == null || !t.changed()) {
                return t;
            }
            Instant now = clock.instant();
            boolean written = stored.isEmpty() ? store.insert(t.run(), now) : store.update(t.run(), now);
            if (written) {
                if (t.lateHeartbeatToReport()) {
                    announcer.announceLateHeartbeat(t.run());
                }
                return t;
            }
        }
        throw new TransientFailureException("Run " + key + " kept changing under " + MAX_ATTEMPTS
                + " attempts to update it; Pub/Sub will redeliver");
    }
}
