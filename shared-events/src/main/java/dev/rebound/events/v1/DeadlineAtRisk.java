package dev.rebound.events.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.ContractBounds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code pipeline.deadline.at_risk.v1} on {@code pipeline-alerts}: the forecast says a game date's last coverage
 * phase will land after the deadline of some of its games (tip-off minus the safety margin), before any gap exists.
 *
 * @param games            the games at risk, by tip-off
 * @param phase            the last coverage phase, whose landing is forecast
 * @param predictedLanding when that phase is expected to land, and its pessimistic (p95) landing
 * @param deadline         the earliest deadline among the games at risk
 * @param safetyMarginS    how long before tip-off the phase must have landed
 * @param criticalRun      the run the landing waits for: the root of the critical path
 * @param cause            why that run holds the landing back
 * @param detail           the cause in words, with the numbers behind it
 * @param criticalPath     the runs from the critical run to the last phase, with their forecast finish
 */
public record DeadlineAtRisk(LocalDate gameDate, List<Game> games, String phase, Landing predictedLanding,
        Instant deadline, long safetyMarginS, CriticalRun criticalRun, Cause cause, String detail,
        List<PathStep> criticalPath, Severity severity, Instant detectedAt) implements EventPayload {

    /** The schema's bound on {@code games}. */
    public static final int MAX_GAMES = 1000;
    /** The schema's bound on {@code critical_path}: a longer path is cut after this many runs from its root. */
    public static final int MAX_PATH = 100;

    public DeadlineAtRisk {
        detail = ContractBounds.text(detail);
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("detected_at", detectedAt);
    }

    public record Game(String gameId, Instant tipoffAt) {
    }

    /** Expected and pessimistic (95th percentile) landing time. */
    public record Landing(Instant expected, Instant p95) {
    }

    /** {@code runId} and {@code progress} are present when the run is (or was last seen) running. */
    public record CriticalRun(String processor, LocalDate dataDate, RunState state, String runId,
            ProcessorHeartbeat.Progress progress) {
    }

    public record PathStep(String processor, LocalDate dataDate, RunState state, Instant expectedFinish,
            Instant p95Finish) {
    }

    /** What a run on the forecast's path is doing now. */
    public enum RunState {
        @JsonProperty("completed") COMPLETED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("not_started") NOT_STARTED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("stuck") STUCK
    }

    /** Why the critical run holds the landing back. */
    public enum Cause {
        /** It is running (alive) but, at its reported or usual pace, finishes too late. */
        @JsonProperty("slow_progress") SLOW_PROGRESS,
        /** It has not started although every upstream run it needs has completed. */
        @JsonProperty("not_started") NOT_STARTED,
        /** It failed or was declared stuck: the landing waits on this upstream's re-run. */
        @JsonProperty("waiting_on_upstream") WAITING_ON_UPSTREAM
    }
}
