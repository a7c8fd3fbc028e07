package dev.rebound.events.internal;

import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code rebound.health.daily_summary.v1} on {@code health-summaries}: the daily health email as an event. */
public record DailyHealthSummary(LocalDate summaryDate, Instant generatedAt, Severity severity, int gamesTotal,
        int gamesCovered, List<Gap> gaps, List<StuckRun> stuckRuns, RosterCoverage roster, List<Repair> repairs)
        implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("generated_at", generatedAt);
    }

    public record Gap(String gameId, String phase, int players, int minPlayers, boolean resolved) {
    }

    public record StuckRun(String processor, LocalDate dataDate, String runId) {
    }

    public record RosterCoverage(int teamsExpected, int teamsFresh, List<String> stale, List<String> missing) {
    }

    public record Repair(String planId, String rootProcessor, LocalDate rootDataDate, String outcome) {
    }
}
