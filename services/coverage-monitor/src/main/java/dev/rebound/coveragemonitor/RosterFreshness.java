package dev.rebound.coveragemonitor;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Each expected team's newest roster as of a date, from the roster table the topology names. */
@ApplicationScoped
public class RosterFreshness {
    private final PipelineWarehouse warehouse;
    private final Topology topology;

    public record TeamRoster(String team, LocalDate latestRosterDate, Integer ageDays, String state) {
        public static final String FRESH = "fresh";
        public static final String STALE = "stale";
        public static final String MISSING = "missing";
    }

    public RosterFreshness(PipelineWarehouse warehouse, Topology topology) {
        this.warehouse = warehouse;
        this.topology = topology;
    }

    public int maxAgeDays() {
        PipelineConfig.Rosters r = topology.config().rosters();
        return r == null ? 0 : r.maxAgeDays();
    }

    /** The configured teams (and any other team with a roster), oldest roster first. */
    public List<TeamRoster> asOf(LocalDate date) {
        PipelineConfig.Rosters r = topology.config().rosters();
        if (r == null) {
            return List.of();
        }
        Map<String, LocalDate> latest = new HashMap<>();
        for (Row row : warehouse.query(Sql.of("SELECT " + r.teamColumn() + " AS team, MAX(" + r.dateColumn()
                + ") AS latest FROM " + r.table() + " WHERE " + r.dateColumn() + " <= @d GROUP BY "
                + r.teamColumn()).bind("d", date))) {
            latest.put(row.getString("team"), row.getLocalDate("latest"));
        }
        Set<String> teams = new LinkedHashSet<>(r.teams() == null ? List.of() : r.teams());
        teams.addAll(latest.keySet().stream().sorted().toList());
        List<TeamRoster> out = new ArrayList<>();
        for (String team : teams) {
            LocalDate d = latest.get(team);
            if (d == null) {
                out.add(new TeamRoster(team, null, null, TeamRoster.MISSING));
            } else {
                int age = (int) ChronoUnit.DAYS.between(d, date);
                out.add(new TeamRoster(team, d, age, age > r.maxAgeDays() ? TeamRoster.STALE : TeamRoster.FRESH));
            }
        }
        out.sort(java.util.Comparator.comparingInt((TeamRoster t) -> t.ageDays() == null ? Integer.MAX_VALUE
                : t.ageDays()).reversed().thenComparing(TeamRoster::team));
        return out;
    }
}
