package dev.rebound.coveragemonitor.incident;

import dev.rebound.coveragemonitor.config.CoverageSettings;
import dev.rebound.coveragemonitor.messaging.CoverageAnnouncer;
import dev.rebound.coveragemonitor.store.IncidentStore;
import dev.rebound.events.Severity;
import dev.rebound.events.v1.IncidentAlert;
import dev.rebound.events.v1.IncidentChange;
import dev.rebound.events.v1.IncidentEvent;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.store.StateStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Groups alerts into incidents, one per root cause, and announces their lifecycle. Pages are an incident's
 * opening and an escalation above the highest severity it was announced at; a symptom joining, a symptom
 * answered and a reopening (the cause back within the reopen window) are updates. While a repair of the cause is in
 * flight (a load in progress) nothing escalates: the verdict it is answering is not announced again.
 *
 * <p>Every decision is one transaction (the caller's, for a pushed message) that takes the incidents' lock row
 * first, so instances take turns and each reads what the previous one committed; its event goes into the outbox
 * under an id made of the change ({@code incident/<id>/<seq>/<change>}), so a redelivery or a retry after a crash
 * announces nothing twice.
 */
@ApplicationScoped
public class IncidentTracker {
    private final StateStore store;
    private final IncidentStore incidents;
    private final CoverageAnnouncer announcer;
    private final Duration reopenWindow;

    public IncidentTracker(StateStore store, IncidentStore incidents, CoverageAnnouncer announcer,
            CoverageSettings settings) {
        this.store = store;
        this.incidents = incidents;
        this.announcer = announcer;
        this.reopenWindow = settings.incidentReopenWindow();
    }

    /** Fails the start naming the key when the reopen window is negative. */
    void validate(@Observes StartupEvent start) {
        if (reopenWindow.isNegative()) {
            throw new ConfigurationException("rebound.coverage.incident-reopen-window must be zero or positive, was "
                    + reopenWindow);
        }
    }

    /** An alert arrived: it joins the incident of its cause, reopens it, or opens one. */
    public void alert(AlertSignal a) {
        store.inTransaction(() -> {
            incidents.lockDecisions();
            Optional<Row> known = incidents.alert(a.alertKey());
            if (known.filter(r -> !Boolean.TRUE.equals(r.getBoolean("active"))
                    && !a.detectedAt().isAfter(r.getInstant("detected_at"))).isPresent()) {
                return null; // a verdict already answered, delivered again (a replay with a fresh id): old news
            }
            Optional<Incident> joined = known.flatMap(r -> incidents.incident(r.getString("incident_id")))
                    .filter(i -> i.state() == Incident.IncidentState.OPEN)
                    .or(() -> a.causeKeys().stream().flatMap(k -> incidents.open(k).stream()).findFirst());
            if (joined.isPresent()) {
                boolean wasActive = known.filter(r -> Boolean.TRUE.equals(r.getBoolean("active"))
                        && r.getString("incident_id").equals(joined.get().incidentId())).isPresent();
                incidents.putAlert(joined.get().incidentId(), a);
                changed(joined.get(), a, wasActive ? null : IncidentChange.SYMPTOM_ADDED);
                return null;
            }
            Instant since = a.detectedAt().minus(reopenWindow);
            Optional<Incident> recurring = a.causeKeys().stream()
                    .flatMap(k -> incidents.resolvedSince(k, since).stream()).findFirst();
            if (recurring.isPresent()) {
                incidents.putAlert(recurring.get().incidentId(), a);
                changed(recurring.get(), a, IncidentChange.REOPENED);
                return null;
            }
            open(a);
            return null;
        });
    }

    /**
     * Alerts answered at {@code at} (a run completed, a check recovered, a gap closed): each incident that had one
     * active loses the symptom, and resolves when none is left.
     */
    public void answered(Instant at, AnsweredAlerts which) {
        store.inTransaction(() -> {
            incidents.lockDecisions();
            var active = which.find(incidents);
            if (active.isEmpty()) {
                return null;
            }
            incidents.deactivate(active.keySet());
            for (String incidentId : new LinkedHashSet<>(active.values())) {
                Incident i = incidents.incident(incidentId).orElseThrow();
                boolean anyActive = i.alerts().stream().anyMatch(IncidentAlert::active);
                Severity now = anyActive ? highest(i.alerts()) : i.severity();
                Incident next = new Incident(i.incidentId(), i.rootCause(), i.title(),
                        anyActive ? Incident.IncidentState.OPEN : Incident.IncidentState.RESOLVED, now,
                        i.peakSeverity(), i.episode(), i.seq() + 1, i.openedAt(), later(i.changedAt(), at),
                        anyActive ? null : later(i.changedAt(), at), i.correlationId(), i.alerts());
                announce(next, i, anyActive ? IncidentChange.SYMPTOM_CLEARED : IncidentChange.RESOLVED);
            }
            return null;
        });
    }

    /** Finds the active alerts a completion, recovery or resolution answers: alert key → incident id. */
    @FunctionalInterface
    public interface AnsweredAlerts {
        java.util.Map<String, String> find(IncidentStore incidents);
    }

    private void open(AlertSignal a) {
        String root = a.causeKeys().get(0);
        String id = "inc-" + UUID.nameUUIDFromBytes((root + "/" + a.alertKey() + "/" + a.detectedAt())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Incident opened = new Incident(id, root, root + ": " + a.detail(), Incident.IncidentState.OPEN,
                a.severity(), a.severity(), 1, 1, a.detectedAt(), a.detectedAt(), null, a.correlationId(), List.of());
        incidents.insert(opened);
        incidents.putAlert(id, a);
        publish(incidents.incident(id).orElseThrow(), null, IncidentChange.OPENED);
    }

    /**
     * The incident after {@code a} joined it: escalated when its severity passes the highest it was announced at
     * and no repair of the cause is in flight; otherwise {@code otherwise} (a new symptom, a reopening), or nothing
     * when a known alert only repeated.
     */
    private void changed(Incident before, AlertSignal a, IncidentChange otherwise) {
        Incident withAlert = incidents.incident(before.incidentId()).orElseThrow();
        Severity severity = highest(withAlert.alerts());
        boolean escalates = severity.compareTo(before.peakSeverity()) > 0 && !incidents.repairInFlight(a.repairedBy());
        IncidentChange change = escalates ? IncidentChange.ESCALATED : otherwise;
        if (change == null) {
            if (severity != before.severity()) {
                incidents.update(copy(before, withAlert, severity, before.peakSeverity(), before.seq(),
                        a.detectedAt()), before.seq());
            }
            return;
        }
        boolean reopened = before.state() == Incident.IncidentState.RESOLVED;
        Incident next = new Incident(before.incidentId(), before.rootCause(), before.title(),
                Incident.IncidentState.OPEN, severity, escalates ? severity : before.peakSeverity(),
                before.episode() + (reopened ? 1 : 0), before.seq() + 1, before.openedAt(),
                later(before.changedAt(), a.detectedAt()), null, before.correlationId(), withAlert.alerts());
        announce(next, before, change);
    }

    private void announce(Incident next, Incident before, IncidentChange change) {
        if (!incidents.update(next, before.seq())) {
            throw new IllegalStateException("incident " + before.incidentId() + " changed under its lock");
        }
        publish(next, before.severity(), change);
    }

    private void publish(Incident i, Severity previous, IncidentChange change) {
        List<IncidentAlert> alerts = i.alerts();
        if (alerts.size() > IncidentEvent.MAX_ALERTS) {
            alerts = alerts.subList(alerts.size() - IncidentEvent.MAX_ALERTS, alerts.size());
        }
        IncidentEvent event = IncidentEvent.of(i.incidentId(), i.rootCause(), i.title(), i.severity(), previous,
                change, i.episode(), i.openedAt(), i.changedAt(), alerts);
        announcer.incident("incident/" + i.incidentId() + "/" + i.seq() + "/" + change.name().toLowerCase(
                java.util.Locale.ROOT), i.incidentId(), event, i.correlationId(), i.changedAt());
    }

    private static Incident copy(Incident before, Incident withAlert, Severity severity, Severity peak, int seq,
            Instant at) {
        return new Incident(before.incidentId(), before.rootCause(), before.title(), before.state(), severity, peak,
                before.episode(), seq, before.openedAt(), later(before.changedAt(), at), before.resolvedAt(),
                before.correlationId(), withAlert.alerts());
    }

    static Severity highest(Collection<IncidentAlert> alerts) {
        return alerts.stream().filter(IncidentAlert::active).map(IncidentAlert::severity)
                .max(Comparator.naturalOrder()).orElse(Severity.INFO);
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
