package dev.rebound.coveragemonitor.messaging;

import dev.rebound.coveragemonitor.store.RunProgressStore;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Starts and heartbeats of processor runs (processor-heartbeats): the deadline forecast's view of what is running
 * and how far along it is. Each is one forward-only upsert in the message's transaction (with its ce-id in the
 * runtime's ledger); nothing is published here — the forecast loop reads the store on its own period.
 */
@ApplicationScoped
public class RunProgressHandler implements EventHandler {
    private final RunProgressStore progress;

    public RunProgressHandler(RunProgressStore progress) {
        this.progress = progress;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.PROCESSOR_STARTED, EventType.PROCESSOR_HEARTBEAT);
    }

    @Override
    public void handle(Event<?> event) {
        if (event.data() instanceof ProcessorStarted s) {
            progress.started(s);
        } else if (event.data() instanceof ProcessorHeartbeat h) {
            progress.heartbeat(h);
        }
    }
}
