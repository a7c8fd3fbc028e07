package dev.rebound.rosterwatcher.rest;

import dev.rebound.rosterwatcher.RosterCoverage;
import dev.rebound.rosterwatcher.RosterFreshnessMonitor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's roster_coverage_monitor.py as an endpoint: per expected team its latest roster date, age and status
 * as of the scenario clock's date, most urgent first (missing, then oldest). Read-only: it publishes nothing.
 */
@Path("/rosters/coverage")
@Produces(MediaType.APPLICATION_JSON)
public class RosterCoverageResource {
    private final RosterFreshnessMonitor freshness;

    public RosterCoverageResource(RosterFreshnessMonitor freshness) {
        this.freshness = freshness;
    }

    @GET
    public Map<String, Object> coverage() {
        RosterCoverage coverage = freshness.coverage();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("check", freshness.rosters().check());
        out.put("table", freshness.rosters().table());
        out.put("as_of", coverage.asOf().toString());
        out.put("max_age_days", coverage.maxAgeDays());
        out.put("teams_expected", coverage.teams().size());
        out.put("fresh", coverage.freshCount());
        out.put("stale", coverage.stale().size());
        out.put("missing", coverage.missing().size());
        out.put("teams", coverage.teams().stream()
                .sorted(Comparator.comparing((RosterCoverage.TeamRoster t) -> t.ageDays() == null ? Integer.MAX_VALUE
                        : t.ageDays()).reversed().thenComparing(RosterCoverage.TeamRoster::team))
                .map(t -> {
                    Map<String, Object> team = new LinkedHashMap<>();
                    team.put("team_abbr", t.team());
                    team.put("latest_roster_date", t.latestRosterDate() == null ? null : t.latestRosterDate().toString());
                    team.put("age_days", t.ageDays());
                    team.put("status", t.status().name());
                    return team;
                }).toList());
        return out;
    }
}
