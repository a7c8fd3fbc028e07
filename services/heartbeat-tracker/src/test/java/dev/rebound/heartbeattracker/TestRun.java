package dev.rebound.heartbeattracker;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RunTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/** One processor run as a test plays it: the lifecycle events a processor would publish, each with a fresh ce-id. */
public record TestRun(String processor, String runId, LocalDate dataDate) {
    static final String SOURCE = "//test/processor";

    public static TestRun random(String processor) {
        return new TestRun(processor, "run-" + UUID.randomUUID().toString().substring(0, 12),
                LocalDate.parse("2026-01-22"));
    }

    public Event<?> started(Instant at, int intervalS) {
        return event(new ProcessorStarted(processor, runId, dataDate, at, intervalS, RunTrigger.SCHEDULED), at);
    }

    public Event<?> heartbeat(Instant at) {
        return event(new ProcessorHeartbeat(processor, runId, dataDate, at, new ProcessorHeartbeat.Progress(1, 10)),
                at);
    }

    public Event<?> completed(Instant at) {
        return event(new ProcessorCompleted(processor, runId, dataDate, at, 100), at);
    }

    public Event<?> failed(Instant at, ProcessorFailed.Reason reason) {
        return event(new ProcessorFailed(processor, runId, dataDate, at, reason, "test failure", true), at);
    }

    public RunKey key() {
        return new RunKey(processor, runId);
    }

    /** Whether an event the tracker published is about this run. */
    public boolean isAbout(Event<?> event) {
        Object d = event.data();
        String id = d instanceof ProcessorStuck s ? s.runId()
                : d instanceof ProcessorFailed f ? f.runId()
                : d instanceof LateHeartbeat l ? l.runId()
                : d instanceof ProcessorCompleted c ? c.runId() : null;
        return runId.equals(id);
    }

    private static Event<?> event(EventPayload payload, Instant at) {
        return Event.of(UUID.randomUUID().toString(), SOURCE, at, payload, null, Map.of());
    }
}
