package dev.rebound.heartbeattracker.messaging;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.internal.HeartbeatCanary;
import dev.rebound.heartbeattracker.HeartbeatCanaries;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The heartbeat canaries coming back through the tracker's processor-heartbeats subscription (from any instance:
 * the newest one back is shared through the store). They go through the ce-id ledger like any event: a replay or a
 * seek that delivers old canaries again changes nothing, where it would otherwise look like a late canary and hold
 * verdicts back.
 */
@ApplicationScoped
public class CanaryHandler implements EventHandler {
    private final HeartbeatCanaries canaries;
    private final ScenarioClock clock;

    public CanaryHandler(HeartbeatCanaries canaries, ScenarioClock clock) {
        this.canaries = canaries;
        this.clock = clock;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.HEARTBEAT_CANARY);
    }

    @Override
    public void handle(Event<?> event) {
        canaries.delivered((HeartbeatCanary) event.data(), clock.instant());
    }
}
