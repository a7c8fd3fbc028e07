package dev.rebound.heartbeattracker.messaging;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.heartbeattracker.RunKey;
import dev.rebound.heartbeattracker.RunRecorder;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/**
 * Where processor lifecycle events come in (pushed from processor-heartbeats, processor-completions and
 * processor-failures). Each event is one transition of its run's record; the shared endpoint has already decoded,
 * validated and deduplicated it by ce-id.
 */
@ApplicationScoped
public class RunLifecycleHandler implements EventHandler {
    private final RunRecorder recorder;
    private final ScenarioClock clock;
    private final int defaultIntervalS;

    public RunLifecycleHandler(RunRecorder recorder, ScenarioClock clock, Topology topology) {
        this.recorder = recorder;
        this.clock = clock;
        this.defaultIntervalS = topology.config().heartbeats().defaultIntervalS();
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.PROCESSOR_STARTED, EventType.PROCESSOR_HEARTBEAT, EventType.PROCESSOR_COMPLETED,
                EventType.PROCESSOR_FAILED);
    }

    /**
     * A heartbeat delivered again changes nothing: the fast path only moves a running run's last heartbeat forward,
     * and the general path compares the whole record (a late heartbeat is reported once, when
     * {@code late_heartbeat_at} is first set). So heartbeats, by far the busiest stream, skip the ce-id ledger.
     */
    @Override
    public Set<EventType> idempotentByOwnState() {
        return Set.of(EventType.PROCESSOR_HEARTBEAT);
    }

    /**
     * Heartbeats also commit by themselves: the runtime holds no connection while one is handled, and the heartbeats
     * arriving together are one transaction (RunStore's group commit).
     */
    @Override
    public Set<EventType> committedByItself() {
        return Set.of(EventType.PROCESSOR_HEARTBEAT);
    }

    /** Liveness is judged on when the event was received as well as on the time it carries (TrackedRun#signOfLife). */
    @Override
    public void handle(Event<?> event) {
        Instant receivedAt = clock.instant();
        Object data = event.data();
        if (data instanceof ProcessorHeartbeat e) {
            recorder.heartbeat(e, defaultIntervalS, receivedAt);
        } else if (data instanceof ProcessorStarted e) {
            recorder.apply(new RunKey(e.processor(), e.runId()),
                    run -> TrackedRun.started(run, e, defaultIntervalS, receivedAt));
        } else if (data instanceof ProcessorCompleted e) {
            recorder.apply(new RunKey(e.processor(), e.runId()),
                    run -> TrackedRun.completed(run, e, defaultIntervalS, receivedAt));
        } else if (data instanceof ProcessorFailed e) {
            recorder.apply(new RunKey(e.processor(), e.runId()),
                    run -> TrackedRun.failed(run, e, defaultIntervalS, receivedAt));
        } else {
            throw new IllegalArgumentException("Not a lifecycle event: " + event.type());
        }
    }
}
