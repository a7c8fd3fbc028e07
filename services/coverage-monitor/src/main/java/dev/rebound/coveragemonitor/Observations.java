package dev.rebound.coveragemonitor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What this service has seen on its subscriptions that can explain a gap: runs around a date, the latest roster
 * verdict per team, stale inputs and abandoned repairs.
 */
public record Observations(List<RunRecord> runs, Map<String, TeamRosterVerdict> rosterVerdicts,
        String rosterCorrelationId, List<NotedAlert> alerts) {

    /**
     * A team named stale or missing by the latest roster check. {@code latestRosterDate} is null when missing;
     * {@code staleUntil} is null while the check still says so, else when a fresh verdict followed (the rosters were
     * stale until then).
     */
    public record TeamRosterVerdict(String team, String state, LocalDate latestRosterDate, Integer ageDays,
            Instant staleUntil) {
        public TeamRosterVerdict(String team, String state, LocalDate latestRosterDate, Integer ageDays) {
            this(team, state, latestRosterDate, ageDays, null);
        }
    }

    /** An input.stale or backfill.abandoned alert: {@code subject} is the input or processor it names. */
    public record NotedAlert(String kind, String subject, LocalDate dataDate, String severity, String detail,
            Instant detectedAt, String correlationId) {
    }

    public static final String INPUT_STALE = "input_stale";
    public static final String BACKFILL_ABANDONED = "backfill_abandoned";
    public static final String LATE_HEARTBEAT = "late_heartbeat";

    public static Observations none() {
        return new Observations(List.of(), Map.of(), null, List.of());
    }
}
