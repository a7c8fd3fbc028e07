package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.incident.AlertSignal;
import dev.rebound.coveragemonitor.incident.Incident;
import dev.rebound.events.Severity;
import dev.rebound.events.v1.IncidentAlert;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Incidents and their alerts. Callers decide inside {@link #lockDecisions()}: every decision of every instance takes
 * the one lock row first, so what a decision reads stays true until it commits.
 */
@ApplicationScoped
public class IncidentStore {
    private final StateStore store;

    public IncidentStore(StateStore store) {
        this.store = store;
    }

    /** Takes the incidents' decision lock until the surrounding transaction ends. */
    public void lockDecisions() {
        store.query(Sql.of("SELECT id FROM coverage_incident_lock WHERE id = 1 FOR UPDATE"));
    }

    public Optional<Row> alert(String alertKey) {
        return store.query(Sql.of("SELECT * FROM coverage_incident_alerts WHERE alert_key = @k").bind("k", alertKey))
                .stream().findFirst();
    }

    public Optional<Incident> incident(String incidentId) {
        return store.query(Sql.of("SELECT * FROM coverage_incidents WHERE incident_id = @id").bind("id", incidentId))
                .stream().findFirst().map(this::withAlerts);
    }

    /** The open incident of this root cause, if any. */
    public Optional<Incident> open(String rootCause) {
        return store.query(Sql.of("SELECT * FROM coverage_incidents WHERE root_cause = @r AND state = 'OPEN'"
                        + " ORDER BY opened_at LIMIT 1").bind("r", rootCause))
                .stream().findFirst().map(this::withAlerts);
    }

    /** The incident of this root cause resolved most recently at or after {@code since}. */
    public Optional<Incident> resolvedSince(String rootCause, Instant since) {
        return store.query(Sql.of("SELECT * FROM coverage_incidents WHERE root_cause = @r AND state = 'RESOLVED'"
                        + " AND resolved_at >= @since ORDER BY resolved_at DESC LIMIT 1")
                        .bind("r", rootCause).bind("since", since))
                .stream().findFirst().map(this::withAlerts);
    }

    /** Incidents open now or changed at or after {@code since}, newest change first, with their alerts. */
    public List<Incident> openOrChangedSince(Instant since) {
        return store.query(Sql.of("SELECT * FROM coverage_incidents WHERE state = 'OPEN' OR changed_at >= @since"
                        + " ORDER BY changed_at DESC, incident_id").bind("since", since))
                .stream().map(this::withAlerts).toList();
    }

    /** Whether a running repair plan has a step of one of these processors triggered and not yet done. */
    public boolean repairInFlight(Collection<String> processors) {
        if (processors.isEmpty()) {
            return false;
        }
        return !store.query(Sql.of("SELECT 1 FROM coverage_plan_steps s JOIN coverage_plans p"
                        + " ON p.plan_id = s.plan_id WHERE p.state = 'running' AND s.state = 'triggered'"
                        + " AND s.processor = ANY(@ps) LIMIT 1").bind("ps", processors.toArray(String[]::new)))
                .isEmpty();
    }

    public void insert(Incident i) {
        store.execute(Sql.of("INSERT INTO coverage_incidents (incident_id, root_cause, title, state, severity,"
                        + " peak_severity, episode, seq, opened_at, changed_at, resolved_at, correlation_id)"
                        + " VALUES (@id, @r, @t, @st, @sev, @peak, @ep, @seq, @o, @c, @res, @corr)")
                .bind("id", i.incidentId()).bind("r", i.rootCause()).bind("t", i.title())
                .bind("st", i.state().name()).bind("sev", name(i.severity())).bind("peak", name(i.peakSeverity()))
                .bind("ep", i.episode()).bind("seq", i.seq()).bind("o", i.openedAt()).bind("c", i.changedAt())
                .bind("res", i.resolvedAt()).bind("corr", i.correlationId()));
    }

    /** Writes an incident's new state, only from the change number it was decided from; false if it moved on. */
    public boolean update(Incident i, int fromSeq) {
        return store.execute(Sql.of("UPDATE coverage_incidents SET state = @st, severity = @sev,"
                        + " peak_severity = @peak, episode = @ep, seq = @seq, changed_at = @c, resolved_at = @res"
                        + " WHERE incident_id = @id AND seq = @from")
                .bind("st", i.state().name()).bind("sev", name(i.severity())).bind("peak", name(i.peakSeverity()))
                .bind("ep", i.episode()).bind("seq", i.seq()).bind("c", i.changedAt()).bind("res", i.resolvedAt())
                .bind("id", i.incidentId()).bind("from", fromSeq)) == 1;
    }

    /** Records the alert as active in the incident (a repeat keeps the newest detection and detail). */
    public void putAlert(String incidentId, AlertSignal a) {
        store.execute(Sql.of("INSERT INTO coverage_incident_alerts (alert_key, incident_id, ce_type, subject,"
                        + " data_date, severity, detail, detected_at, active, correlation_id)"
                        + " VALUES (@k, @i, @t, @s, @d, @sev, @detail, @at, TRUE, @corr)"
                        + " ON CONFLICT (alert_key) DO UPDATE SET incident_id = EXCLUDED.incident_id, active = TRUE,"
                        + " severity = EXCLUDED.severity, detail = EXCLUDED.detail,"
                        + " detected_at = GREATEST(coverage_incident_alerts.detected_at, EXCLUDED.detected_at),"
                        + " correlation_id = COALESCE(EXCLUDED.correlation_id, coverage_incident_alerts.correlation_id)")
                .bind("k", a.alertKey()).bind("i", incidentId).bind("t", a.ceType()).bind("s", a.subject())
                .bind("d", a.dataDate()).bind("sev", name(a.severity())).bind("detail", a.detail())
                .bind("at", a.detectedAt()).bind("corr", a.correlationId()));
    }

    /** Active alerts of these types about {@code subject} dated within [from, to]; each with its incident. */
    public Map<String, String> activeAlerts(Collection<String> ceTypes, Collection<String> subjects, LocalDate from,
            LocalDate to) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : store.query(Sql.of("SELECT alert_key, incident_id FROM coverage_incident_alerts WHERE active"
                        + " AND ce_type = ANY(@types) AND subject = ANY(@subjects)"
                        + " AND (data_date IS NULL OR (data_date >= @from AND data_date <= @to)) ORDER BY alert_key")
                .bind("types", ceTypes.toArray(String[]::new)).bind("subjects", subjects.toArray(String[]::new))
                .bind("from", from).bind("to", to))) {
            out.put(r.getString("alert_key"), r.getString("incident_id"));
        }
        return out;
    }

    public void deactivate(Collection<String> alertKeys) {
        store.execute(Sql.of("UPDATE coverage_incident_alerts SET active = FALSE WHERE alert_key = ANY(@k)")
                .bind("k", alertKeys.toArray(String[]::new)));
    }

    private Incident withAlerts(Row r) {
        List<IncidentAlert> alerts = new ArrayList<>();
        for (Row a : store.query(Sql.of("SELECT * FROM coverage_incident_alerts WHERE incident_id = @id"
                + " ORDER BY detected_at, alert_key").bind("id", r.getString("incident_id")))) {
            alerts.add(new IncidentAlert(a.getString("alert_key"), a.getString("ce_type"), a.getString("subject"),
                    a.getLocalDate("data_date"), severity(a.getString("severity")), a.getString("detail"),
                    a.getInstant("detected_at"), Boolean.TRUE.equals(a.getBoolean("active"))));
        }
        return new Incident(r.getString("incident_id"), r.getString("root_cause"), r.getString("title"),
                Incident.IncidentState.valueOf(r.getString("state")), severity(r.getString("severity")),
                severity(r.getString("peak_severity")), r.getInt("episode"), r.getInt("seq"),
                r.getInstant("opened_at"), r.getInstant("changed_at"), r.getInstant("resolved_at"),
                r.getString("correlation_id"), alerts);
    }

    private static String name(Severity s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static Severity severity(String s) {
        return Severity.valueOf(s.toUpperCase(Locale.ROOT));
    }
}
