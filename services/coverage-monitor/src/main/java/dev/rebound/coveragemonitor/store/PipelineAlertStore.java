package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.Observations;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts from other services that explain gaps: the latest roster verdict per check (stale teams), stale inputs,
 * abandoned repairs, late heartbeats. A roster verdict only replaces one with an older check time, so
 * redeliveries and out-of-order arrivals leave the newest verdict in place.
 */
@ApplicationScoped
public class PipelineAlertStore {
    private final StateStore store;

    public PipelineAlertStore(StateStore store) {
        this.store = store;
    }

    /**
     * Replaces the check's verdict when {@code checkedAt} is newer than the stored one; returns whether it did. The
     * upsert's condition decides, on the row it locks, so two verdicts handled at once cannot both win.
     */
    public boolean recordRosterVerdict(String check, Instant checkedAt, boolean stale, String severity,
            List<Observations.TeamRosterVerdict> teams, String correlationId) {
        return store.inTransaction(() -> {
            long replaced = store.execute(Sql.of("INSERT INTO coverage_roster_checks (check_name, checked_at, stale,"
                            + " severity, correlation_id) VALUES (@c, @at, @s, @sev, @corr)"
                            + " ON CONFLICT (check_name) DO UPDATE SET checked_at = EXCLUDED.checked_at,"
                            + " stale = EXCLUDED.stale, severity = EXCLUDED.severity,"
                            + " correlation_id = EXCLUDED.correlation_id"
                            + " WHERE coverage_roster_checks.checked_at < EXCLUDED.checked_at")
                    .bind("c", check).bind("at", checkedAt).bind("s", stale).bind("sev", severity)
                    .bind("corr", correlationId));
            if (replaced == 0) {
                return false;
            }
            // teams this verdict no longer names were stale until now: their rows stay (see rosterVerdicts())
            List<String> named = teams.stream().map(Observations.TeamRosterVerdict::team).toList();
            for (Row r : store.query(Sql.of("SELECT team FROM coverage_roster_teams WHERE check_name = @c"
                    + " AND stale_until IS NULL").bind("c", check))) {
                if (!named.contains(r.getString("team"))) {
                    store.execute(Sql.of("UPDATE coverage_roster_teams SET stale_until = @at WHERE check_name = @c"
                            + " AND team = @t").bind("at", checkedAt).bind("c", check).bind("t", r.getString("team")));
                }
            }
            for (Observations.TeamRosterVerdict t : teams) {
                store.execute(Sql.of("INSERT INTO coverage_roster_teams (check_name, team, state, latest_roster_date,"
                                + " age_days) VALUES (@c, @t, @s, @d, @a) ON CONFLICT (check_name, team) DO UPDATE SET"
                                + " state = EXCLUDED.state, latest_roster_date = EXCLUDED.latest_roster_date,"
                                + " age_days = EXCLUDED.age_days, stale_until = NULL")
                        .bind("c", check).bind("t", t.team()).bind("s", t.state()).bind("d", t.latestRosterDate())
                        .bind("a", t.ageDays()));
            }
            return true;
        });
    }

    /** Teams named by the newest verdict of any check that is currently stale. */
    public Map<String, Observations.TeamRosterVerdict> staleTeams() {
        Map<String, Observations.TeamRosterVerdict> out = new LinkedHashMap<>();
        for (Row r : store.query(Sql.of("SELECT t.team, t.state, t.latest_roster_date, t.age_days"
                + " FROM coverage_roster_teams t JOIN coverage_roster_checks c ON t.check_name = c.check_name"
                + " WHERE c.stale AND t.stale_until IS NULL ORDER BY t.team, t.check_name"))) {
            out.putIfAbsent(r.getString("team"), new Observations.TeamRosterVerdict(r.getString("team"),
                    r.getString("state"), r.getLocalDate("latest_roster_date"), r.getInt("age_days")));
        }
        return out;
    }

    /**
     * {@link #staleTeams()}, and the teams a check named stale before a newer verdict dropped them, with when (a team
     * still named stale by any check is taken as stale).
     */
    public Map<String, Observations.TeamRosterVerdict> rosterVerdicts() {
        Map<String, Observations.TeamRosterVerdict> out = new LinkedHashMap<>(staleTeams());
        for (Row r : store.query(Sql.of("SELECT team, state, latest_roster_date, age_days, stale_until"
                + " FROM coverage_roster_teams WHERE stale_until IS NOT NULL ORDER BY team, stale_until DESC"))) {
            out.putIfAbsent(r.getString("team"), new Observations.TeamRosterVerdict(r.getString("team"),
                    r.getString("state"), r.getLocalDate("latest_roster_date"), r.getInt("age_days"),
                    r.getInstant("stale_until")));
        }
        return out;
    }

    public Optional<String> staleRosterCorrelationId() {
        return store.query(Sql.of("SELECT correlation_id FROM coverage_roster_checks"
                        + " WHERE stale AND correlation_id IS NOT NULL ORDER BY checked_at DESC, check_name LIMIT 1"))
                .stream().map(r -> r.getString("correlation_id")).findFirst();
    }

    /** Stores an alert once under its key; a redelivery inserts nothing. */
    public void note(String key, Observations.NotedAlert alert) {
        store.execute(Sql.of("INSERT INTO coverage_pipeline_alerts (alert_key, kind, subject, data_date, severity,"
                        + " detail, detected_at, correlation_id) VALUES (@k, @kind, @s, @d, @sev, @detail, @at, @c)"
                        + " ON CONFLICT (alert_key) DO NOTHING")
                .bind("k", key).bind("kind", alert.kind()).bind("s", alert.subject()).bind("d", alert.dataDate())
                .bind("sev", alert.severity()).bind("detail", alert.detail()).bind("at", alert.detectedAt())
                .bind("c", alert.correlationId()));
    }

    public List<Observations.NotedAlert> between(LocalDate from, LocalDate to) {
        return store.query(Sql.of("SELECT * FROM coverage_pipeline_alerts WHERE data_date >= @from"
                        + " AND data_date <= @to ORDER BY detected_at, alert_key")
                        .bind("from", from).bind("to", to))
                .stream().map(PipelineAlertStore::toAlert).toList();
    }

    private static Observations.NotedAlert toAlert(Row r) {
        return new Observations.NotedAlert(r.getString("kind"), r.getString("subject"), r.getLocalDate("data_date"),
                r.getString("severity"), r.getString("detail"), r.getInstant("detected_at"),
                r.getString("correlation_id"));
    }
}
