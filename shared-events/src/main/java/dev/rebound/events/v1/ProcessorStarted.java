package dev.rebound.events.v1;

import dev.rebound.events.RunScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code pipeline.processor.started.v1} on {@code processor-heartbeats}. */
public record ProcessorStarted(String processor, String runId, LocalDate dataDate, Instant startedAt,
        int heartbeatIntervalS, RunTrigger trigger, String backfillId) implements RunScoped {
    public static final int DEFAULT_HEARTBEAT_INTERVAL_S = 60;

    public ProcessorStarted(String processor, String runId, LocalDate dataDate, Instant startedAt,
            int heartbeatIntervalS, RunTrigger trigger) {
        this(processor, runId, dataDate, startedAt, heartbeatIntervalS, trigger, null);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("started_at", startedAt);
    }
}
