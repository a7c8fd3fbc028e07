package dev.rebound.coveragemonitor.messaging;

import dev.rebound.coveragemonitor.Observations;
import dev.rebound.coveragemonitor.RunRecord;
import dev.rebound.coveragemonitor.RunStatus;
import dev.rebound.coveragemonitor.incident.AlertSignals;
import dev.rebound.coveragemonitor.incident.IncidentTracker;
import dev.rebound.coveragemonitor.store.PipelineAlertStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.internal.RosterRecovered;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Alerts from the other services, kept as the evidence gap alerts cite: stuck runs, roster verdicts, stale inputs,
 * abandoned repairs, late heartbeats. Every alert (this service's own gaps and deadline warnings too, which come back
 * on the same topic)
 * also goes to its incident ({@link IncidentTracker}); a recovery or a gap's resolution answers one. Incident events
 * coming back are not listed here, so the shared endpoint acknowledges them unread.
 */
@ApplicationScoped
public class PipelineAlertsHandler implements EventHandler {
    private final RunStore runs;
    private final PipelineAlertStore alerts;
    private final Topology topology;
    private final IncidentTracker incidents;
    private final AlertSignals signals;

    public PipelineAlertsHandler(RunStore runs, PipelineAlertStore alerts, Topology topology,
            IncidentTracker incidents, AlertSignals signals) {
        this.runs = runs;
        this.alerts = alerts;
        this.topology = topology;
        this.incidents = incidents;
        this.signals = signals;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.PROCESSOR_STUCK, EventType.LATE_HEARTBEAT, EventType.ROSTER_STALE,
                EventType.ROSTER_RECOVERED, EventType.INPUT_STALE, EventType.BACKFILL_ABANDONED_ALERT,
                EventType.COVERAGE_GAP, EventType.COVERAGE_RESOLVED, EventType.DEADLINE_AT_RISK,
                EventType.DEADLINE_RECOVERED);
    }

    @Override
    public void handle(Event<?> event) {
        String correlationId = event.attributes().correlationId();
        Object data = event.data();
        if (data instanceof ProcessorStuck s) {
            String silence = "silent for " + Math.round(s.silentForS()) + " s (threshold "
                    + Math.round(s.thresholdS()) + " s)";
            runs.record(new RunRecord(s.processor(), s.dataDate(), s.runId(), RunStatus.STUCK, s.detectedAt(), null,
                    null, silence, correlationId));
            incidents.alert(signals.stuck(s, correlationId));
        } else if (data instanceof LateHeartbeat l) {
            alerts.note(Observations.LATE_HEARTBEAT + "/" + l.processor() + "/" + l.runId() + "/" + l.heartbeatAt(),
                    new Observations.NotedAlert(Observations.LATE_HEARTBEAT, l.processor(), l.dataDate(), "warning",
                            "run " + l.runId() + " sent a heartbeat at " + l.heartbeatAt()
                                    + " after its stuck verdict", l.detectedAt(), correlationId));
        } else if (data instanceof RosterStale r) {
            List<Observations.TeamRosterVerdict> teams = new ArrayList<>();
            r.stale().forEach(t -> teams.add(new Observations.TeamRosterVerdict(t.teamAbbr(), "stale",
                    t.latestRosterDate(), t.ageDays())));
            if (r.missing() != null) {
                r.missing().forEach(t -> teams.add(new Observations.TeamRosterVerdict(t, "missing", null, null)));
            }
            if (alerts.recordRosterVerdict(check(r.check()), r.checkedAt(), true,
                    r.severity().name().toLowerCase(Locale.ROOT), teams, correlationId)) {
                incidents.alert(signals.rosterStale(r, check(r.check()), correlationId));
            }
        } else if (data instanceof RosterRecovered r) {
            if (alerts.recordRosterVerdict(check(r.check()), r.checkedAt(), false, "info", List.of(), correlationId)) {
                incidents.answered(r.checkedAt(), signals.rosterRecovered(check(r.check())));
            }
        } else if (data instanceof InputStale i) {
            String detail = i.detail() != null ? i.detail()
                    : i.objectsSeen() + " objects seen by " + i.expectedBy();
            alerts.note(Observations.INPUT_STALE + "/" + i.input() + "/" + i.dataDate(),
                    new Observations.NotedAlert(Observations.INPUT_STALE, i.input(), i.dataDate(),
                            i.severity().name().toLowerCase(Locale.ROOT), detail, i.detectedAt(), correlationId));
            incidents.alert(signals.inputStale(i, correlationId));
        } else if (data instanceof BackfillAbandonedAlert a) {
            alerts.note(Observations.BACKFILL_ABANDONED + "/" + a.planId() + "/" + a.processor() + "/" + a.dataDate(),
                    new Observations.NotedAlert(Observations.BACKFILL_ABANDONED, a.processor(), a.dataDate(),
                            a.severity().name().toLowerCase(Locale.ROOT), "repair " + a.planId()
                                    + " gave up after " + a.attempts() + " attempts: " + a.reason(),
                            a.detectedAt(), correlationId));
            incidents.alert(signals.abandoned(a, correlationId));
        } else if (data instanceof CoverageGap g) {
            incidents.alert(signals.gap(g, correlationId));
        } else if (data instanceof CoverageResolved r) {
            incidents.answered(r.resolvedAt(), signals.gapResolved(r.gameDate(), r.gameId(), r.phase()));
        } else if (data instanceof DeadlineAtRisk d) {
            incidents.alert(signals.deadlineAtRisk(d, correlationId));
        } else if (data instanceof DeadlineRecovered r) {
            incidents.answered(r.recoveredAt(), signals.deadlineClosed(r.gameDate()));
        }
    }

    /** Verdicts without a check name belong to the topology's roster check. */
    private String check(String check) {
        if (check != null && !check.isBlank()) {
            return check;
        }
        return topology.config().rosters() != null && topology.config().rosters().check() != null
                ? topology.config().rosters().check() : "rosters";
    }
}
