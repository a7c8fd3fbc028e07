package dev.rebound.rosterwatcher.rest;

import dev.rebound.rosterwatcher.RosterCoverage;
import dev.rebound.rosterwatcher.RosterFreshnessMonitor;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's roster_coverage_monitor.py as an endpoint: per expected team its latest roster date, age and status
 * as of the scenario clock's date, most urgent first (missing, then oldest). Read-only: it publishes nothing.
 */
@Path("/rosters/coverage")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class RosterCoverageResource {
    private final RosterFreshnessMonitor freshness;

    public RosterCoverageResource(RosterFreshnessMonitor freshness) {
        this.freshness = freshness;
    }

    public record Coverage(String check, String table, LocalDate asOf, int maxAgeDays, int teamsExpected, int fresh,
            int stale, int missing, List<Team> teams) {
    }

    /** {@code latest_roster_date} and {@code age_days} are absent for a team without any roster. */
    public record Team(String teamAbbr, LocalDate latestRosterDate, Integer ageDays, RosterCoverage.Status status) {
    }

    @GET
    public Coverage coverage() {
        RosterCoverage coverage = freshness.coverage();
        return new Coverage(freshness.rosters().check(), freshness.rosters().table(), coverage.asOf(),
                coverage.maxAgeDays(), coverage.teams().size(), coverage.freshCount(), coverage.stale().size(),
                coverage.missing().size(), coverage.teams().stream()
                        .sorted(Comparator.comparing((RosterCoverage.TeamRoster t) -> t.ageDays() == null
                                ? Integer.MAX_VALUE : t.ageDays()).reversed()
                                .thenComparing(RosterCoverage.TeamRoster::team))
                        .map(t -> new Team(t.team(), t.latestRosterDate(), t.ageDays(), t.status())).toList());
    }
}
