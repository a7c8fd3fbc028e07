package dev.rebound.coveragemonitor;

import java.time.Instant;
import java.time.LocalDate;

/** A processor run as this service has seen it (completed, failed or stuck). */
public record RunRecord(String processor, LocalDate dataDate, String runId, RunStatus status, Instant statusAt,
        Long recordsWritten, String detail, String stuckDetail, String correlationId, Instant startedAt) {

    /** A run whose start was not seen (or not looked up). */
    public RunRecord(String processor, LocalDate dataDate, String runId, RunStatus status, Instant statusAt,
            Long recordsWritten, String detail, String stuckDetail, String correlationId) {
        this(processor, dataDate, runId, status, statusAt, recordsWritten, detail, stuckDetail, correlationId, null);
    }
}
