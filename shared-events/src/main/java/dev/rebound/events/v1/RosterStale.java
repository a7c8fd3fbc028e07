package dev.rebound.events.v1;

import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code pipeline.roster.stale.v1} on {@code pipeline-alerts}. {@code check} (optional) names the configured check. */
public record RosterStale(Instant checkedAt, int maxAgeDays, int teamsExpected, List<StaleTeam> stale,
        List<String> missing, Severity severity, String check) implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("checked_at", checkedAt);
    }

    public record StaleTeam(String teamAbbr, LocalDate latestRosterDate, int ageDays) {
    }
}
