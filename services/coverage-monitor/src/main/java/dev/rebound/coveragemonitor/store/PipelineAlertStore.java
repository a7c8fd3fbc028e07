package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.Observations;
import dev.rebound.runtime.warehouse.Row;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import dev.rebound.runtime.warehouse.WarehouseException;
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
    private final Warehouse warehouse;
    private final StateTables tables;

    public PipelineAlertStore(Warehouse warehouse, StateTables tables) {
        this.warehouse = warehouse;
        this.tables = tables;
    }

    /** Replaces the check's verdict when {@code checkedAt} is newer than the stored one; returns whether it did. */
    public synchronized boolean recordRosterVerdict(String check, Instant checkedAt, boolean stale, String severity,
            List<Observations.TeamRosterVerdict> teams, String correlationId) {
        Optional<Instant> stored = warehouse.query(Sql.of("SELECT checked_at FROM " + tables.rosterChecks()
                        + " WHERE check_name = @c").bind("c", check))
                .stream().map(r -> r.getInstant("checked_at")).findFirst();
        if (stored.isPresent() && !checkedAt.isAfter(stored.get())) {
            return false;
        }
        if (stored.isPresent()) {
            warehouse.execute(Sql.of("UPDATE " + tables.rosterChecks() + " SET checked_at = @at, stale = @s,"
                    + " severity = @sev, correlation_id = @corr WHERE check_name = @c")
                    .bind("c", check).bind("at", checkedAt).bind("s", stale).bind("sev", severity)
                    .bind("corr", correlationId));
        } else {
            warehouse.execute(Sql.of("INSERT INTO " + tables.rosterChecks()
                    + " (check_name, checked_at, stale, severity, correlation_id) VALUES (@c, @at, @s, @sev, @corr)")
                    .bind("c", check).bind("at", checkedAt).bind("s", stale).bind("sev", severity)
                    .bind("corr", correlationId));
        }
        warehouse.execute(Sql.of("DELETE FROM " + tables.rosterTeams() + " WHERE check_name = @c").bind("c", check));
        for (Observations.TeamRosterVerdict t : teams) {
            warehouse.execute(Sql.of("INSERT INTO " + tables.rosterTeams()
                    + " (check_name, team, state, latest_roster_date, age_days) VALUES (@c, @t, @s, @d, @a)")
                    .bind("c", check).bind("t", t.team()).bind("s", t.state()).bind("d", t.latestRosterDate())
                    .bind("a", t.ageDays()));
        }
        return true;
    }

    /** Teams named by the newest verdict of any check that is currently stale. */
    public Map<String, Observations.TeamRosterVerdict> staleTeams() {
        Map<String, Observations.TeamRosterVerdict> out = new LinkedHashMap<>();
        for (Row r : warehouse.query(Sql.of("SELECT t.team, t.state, t.latest_roster_date, t.age_days FROM "
                + tables.rosterTeams() + " t JOIN " + tables.rosterChecks()
                + " c ON t.check_name = c.check_name WHERE c.stale = TRUE ORDER BY t.team"))) {
            out.putIfAbsent(r.getString("team"), new Observations.TeamRosterVerdict(r.getString("team"),
                    r.getString("state"), r.getLocalDate("latest_roster_date"), r.getInt("age_days")));
        }
        return out;
    }

    public Optional<String> staleRosterCorrelationId() {
        return warehouse.query(Sql.of("SELECT correlation_id FROM " + tables.rosterChecks()
                        + " WHERE stale = TRUE AND correlation_id IS NOT NULL"))
                .stream().map(r -> r.getString("correlation_id")).findFirst();
    }

    /** Stores an alert once under its key; a redelivery is a no-op. */
    public void note(String key, Observations.NotedAlert alert) {
        boolean known = !warehouse.query(Sql.of("SELECT alert_key FROM " + tables.pipelineAlerts()
                + " WHERE alert_key = @k").bind("k", key)).isEmpty();
        if (known) {
            return;
        }
        try {
            warehouse.execute(Sql.of("INSERT INTO " + tables.pipelineAlerts()
                    + " (alert_key, kind, subject, data_date, severity, detail, detected_at, correlation_id)"
                    + " VALUES (@k, @kind, @s, @d, @sev, @detail, @at, @c)")
                    .bind("k", key).bind("kind", alert.kind()).bind("s", alert.subject()).bind("d", alert.dataDate())
                    .bind("sev", alert.severity()).bind("detail", alert.detail()).bind("at", alert.detectedAt())
                    .bind("c", alert.correlationId()));
        } catch (WarehouseException raced) {
            if (warehouse.query(Sql.of("SELECT alert_key FROM " + tables.pipelineAlerts()
                    + " WHERE alert_key = @k").bind("k", key)).isEmpty()) {
                throw raced;
            }
        }
    }

    public List<Observations.NotedAlert> between(LocalDate from, LocalDate to) {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.pipelineAlerts()
                        + " WHERE data_date >= @from AND data_date <= @to ORDER BY detected_at")
                .bind("from", from).bind("to", to))
                .stream().map(PipelineAlertStore::toAlert).toList();
    }

    public List<Observations.NotedAlert> recent(int limit) {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.pipelineAlerts()
                        + " ORDER BY detected_at DESC LIMIT " + limit))
                .stream().map(PipelineAlertStore::toAlert).toList();
    }

    private static Observations.NotedAlert toAlert(Row r) {
        return new Observations.NotedAlert(r.getString("kind"), r.getString("subject"), r.getLocalDate("data_date"),
                r.getString("severity"), r.getString("detail"), r.getInstant("detected_at"),
                r.getString("correlation_id"));
    }
}
