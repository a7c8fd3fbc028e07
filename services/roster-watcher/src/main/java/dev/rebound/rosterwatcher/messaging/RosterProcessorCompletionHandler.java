package dev.rebound.rosterwatcher.messaging;

import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.rosterwatcher.RosterFreshnessMonitor;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * A completion of the roster processor (topology {@code rosters.processor}) may have refreshed rosters: check
 * freshness at once rather than waiting for the next scheduled check. Other processors' completions are ignored.
 * Idempotent by the persisted verdict: a redelivered completion re-checks and publishes nothing new.
 */
@ApplicationScoped
public class RosterProcessorCompletionHandler implements EventHandler {
    private final RosterFreshnessMonitor monitor;

    public RosterProcessorCompletionHandler(RosterFreshnessMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.PROCESSOR_COMPLETED);
    }

    @Override
    public void handle(Event<?> event) {
        if (event.data() instanceof ProcessorCompleted completed
                && completed.processor().equals(monitor.rosters().processor())) {
            monitor.check();
        }
    }
}
