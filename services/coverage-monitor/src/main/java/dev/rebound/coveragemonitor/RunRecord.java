package dev.rebound.coveragemonitor;

import java.time.Instant;
import java.time.LocalDate;

/** A processor run as this service has seen it (completed, failed or stuck). */
public record RunRecord(String processor, LocalDate dataDate, String runId, RunStatus status, Instant statusAt,
        Long recordsWritten, String detail, String stuckDetail, String correlationId) {
}
