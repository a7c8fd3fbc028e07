package dev.rebound.runtime.observability;

import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.TraceContext;
import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.internal.DailyHealthSummary;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.internal.RosterRecovered;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.IncidentEscalated;
import dev.rebound.events.v1.IncidentEvent;
import dev.rebound.events.v1.IncidentOpened;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.runtime.config.ReboundConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every service measures and logs about the events it consumes and publishes. Metric names (Prometheus at
 * {@code /q/metrics}): {@code rebound_events_consumed_total{type,outcome}}, {@code
 * rebound_events_quarantined_total{path}}, {@code rebound_push_processing_seconds}, {@code
 * rebound_events_published_total{type}}, {@code rebound_alerts_published_total{type,severity}}, {@code
 * rebound_stuck_detection_lag_seconds}, {@code rebound_triggers_published_total{processor}}, {@code
 * rebound_coverage_ratio{phase,game_date}}; every meter is tagged with {@code service}. Every alert published is
 * also logged once at its severity, with its labels.
 */
@ApplicationScoped
public class EventObservability {
    private static final java.util.logging.Logger ALERTS = java.util.logging.Logger.getLogger("rebound.alerts");

    private final MeterRegistry registry;
    private final String service;
    private final Map<String, AtomicReference<Double>> coverage = new ConcurrentHashMap<>();

    public EventObservability(MeterRegistry registry, ReboundConfig config) {
        this.registry = registry;
        this.service = config.service().name();
    }

    public void consumed(String ceType, String outcome) {
        registry.counter("rebound.events.consumed", "service", service, "type", ceType, "outcome", outcome)
                .increment();
    }

    public void quarantined(String path) {
        String head = path == null ? "unknown" : path.replaceAll("\\[\\d+]", "[]");
        registry.counter("rebound.events.quarantined", "service", service, "path", head).increment();
    }

    public Timer.Sample startProcessing() {
        return Timer.start(registry);
    }

    public void processed(Timer.Sample sample, String ceType) {
        sample.stop(Timer.builder("rebound.push.processing")
                .description("Time from push receipt to acknowledgement")
                .tags(Tags.of("service", service, "type", ceType))
                .publishPercentileHistogram()
                .register(registry));
    }

    /**
     * Called once per event this service publishes: when the transaction that added it to the outbox commits (the
     * relay hands it to Pub/Sub right after, with retries), or after Pub/Sub accepted an event published directly.
     * Counting at the commit counts each decision exactly once, however often the relay has to retry.
     */
    public void published(Event<?> event) {
        EventType type = event.type();
        registry.counter("rebound.events.published", "service", service, "type", type.ceType()).increment();
        EventPayload data = event.data();
        if (data instanceof ProcessorTrigger trigger) {
            registry.counter("rebound.triggers.published", "service", service, "processor", trigger.processor())
                    .increment();
        }
        if (data instanceof ProcessorStuck stuck) {
            DistributionSummary.builder("rebound.stuck.detection.lag")
                    .description("How long after its threshold a silent run was declared stuck")
                    .baseUnit("seconds").tags("service", service).publishPercentileHistogram()
                    .register(registry).record(Math.max(0, stuck.silentForS() - stuck.thresholdS()));
        }
        if (data instanceof CoverageReport report) {
            for (CoverageReport.PhaseCoverage phase : report.phases()) {
                String key = phase.phase() + "|" + report.gameDate();
                coverage.computeIfAbsent(key, k -> {
                    AtomicReference<Double> holder = new AtomicReference<>(0.0);
                    registry.gauge("rebound.coverage.ratio", Tags.of("service", service, "phase", phase.phase(),
                            "game_date", report.gameDate().toString()), holder, AtomicReference::get);
                    return holder;
                }).set(phase.coverage());
            }
        }
        if (type.topic().equals(Topics.PIPELINE_ALERTS)) {
            Severity severity = severityOf(data);
            registry.counter("rebound.alerts.published", "service", service, "type", type.ceType(),
                    "severity", severity.name().toLowerCase()).increment();
            logAlert(event, severity);
        }
        if (data instanceof DailyHealthSummary summary) {
            // the daily email: this one log entry is what the notification channels receive
            logAlert(event, summary.gaps().isEmpty() && summary.stuckRuns().isEmpty() ? Severity.INFO : Severity.WARNING);
        }
    }

    /** The severity an alert is logged and counted at (alerts without one: stuck pages, late heartbeat warns). */
    public static Severity severityOf(EventPayload data) {
        if (data instanceof RosterStale s) {
            return s.severity();
        }
        if (data instanceof CoverageGap g) {
            return g.severity();
        }
        if (data instanceof InputStale i) {
            return i.severity();
        }
        if (data instanceof DeadlineAtRisk d) {
            return d.severity();
        }
        if (data instanceof BackfillAbandonedAlert a) {
            return a.severity();
        }
        if (data instanceof ProcessorStuck) {
            return Severity.CRITICAL;
        }
        if (data instanceof IncidentOpened || data instanceof IncidentEscalated) {
            // what pages: an incident's opening and escalation, at its severity; its updates and resolution inform
            return ((IncidentEvent) data).severity();
        }
        if (data instanceof LateHeartbeat) {
            return Severity.WARNING;
        }
        return Severity.INFO;
    }

    private void logAlert(Event<?> event, Severity severity) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("ce_type", event.type().ceType());
        EventAttributes a = event.attributes();
        if (a.processor() != null) {
            labels.put("processor", a.processor());
        }
        if (a.dataDate() != null) {
            labels.put("data_date", a.dataDate().toString());
        }
        if (a.correlationId() != null) {
            labels.put("correlation_id", a.correlationId());
        }
        if (event.data() instanceof CoverageGap gap) {
            labels.put("game_id", gap.gameId());
        }
        TraceContext trace = CurrentTrace.get().orElseGet(TraceContext::newRoot);
        try (CurrentTrace.Scope scope = CurrentTrace.open(trace, labels)) {
            String message = event.type().ceType() + " " + summaryOf(event.data());
            ALERTS.log(switch (severity) {
                case CRITICAL -> AlertLevels.CRITICAL;
                case WARNING -> AlertLevels.WARNING;
                default -> AlertLevels.INFO;
            }, message);
        }
    }

    /** One line saying what an alert (or the daily summary) is about: what the logs and the operator API show. */
    public static String summaryOf(EventPayload data) {
        if (data instanceof ProcessorStuck s) {
            return s.processor() + " " + s.dataDate() + " run " + s.runId() + " silent for "
                    + Duration.ofSeconds((long) s.silentForS()) + " (threshold " + Duration.ofSeconds((long) s.thresholdS())
                    + ")";
        }
        if (data instanceof CoverageGap g) {
            return g.gameId() + " " + g.phase() + ": " + g.players() + " players (minimum " + g.minPlayers() + ")";
        }
        if (data instanceof DailyHealthSummary d) {
            long open = d.gaps().stream().filter(g -> !g.resolved()).count();
            return d.summaryDate() + ": " + d.gamesCovered() + "/" + d.gamesTotal() + " games covered, " + d.gaps().size()
                    + " gaps (" + open + " still open), " + d.stuckRuns().size() + " stuck runs, rosters "
                    + d.roster().teamsFresh() + "/" + d.roster().teamsExpected() + " fresh, " + d.repairs().size()
                    + " repairs";
        }
        if (data instanceof RosterStale r) {
            return r.stale().size() + " stale and " + r.missing().size() + " missing of " + r.teamsExpected()
                    + " teams (max age " + r.maxAgeDays() + " days)";
        }
        if (data instanceof RosterRecovered r) {
            return r.teamsFresh() + " of " + r.teamsExpected() + " teams fresh again (" + r.check() + ")";
        }
        if (data instanceof InputStale i) {
            return i.input() + " " + i.dataDate() + ": " + i.detail();
        }
        if (data instanceof CoverageResolved c) {
            return c.gameId() + " " + c.phase() + ": " + c.players() + " players, at the minimum (" + c.minPlayers()
                    + ") again";
        }
        if (data instanceof LateHeartbeat l) {
            return l.processor() + " " + l.dataDate() + " run " + l.runId() + " sent a heartbeat at " + l.heartbeatAt()
                    + ", after it was declared stuck at " + l.stuckDetectedAt();
        }
        if (data instanceof DeadlineAtRisk d) {
            return d.gameDate() + " " + d.phase() + ": " + d.games().size() + " games at risk, expected to land at "
                    + d.predictedLanding().expected() + " (p95 " + d.predictedLanding().p95() + "), deadline "
                    + d.deadline() + "; waiting on " + d.criticalRun().processor() + " " + d.criticalRun().dataDate()
                    + ": " + d.detail();
        }
        if (data instanceof DeadlineRecovered r) {
            return r.gameDate() + " " + r.phase() + ": " + (r.outcome() == DeadlineRecovered.Outcome.LANDED
                    ? "landed at " + r.landedAt() : "back on track, expected at " + r.predictedLanding().expected())
                    + " (deadline " + r.deadline() + ")";
        }
        if (data instanceof IncidentEvent i) {
            return i.incidentId() + " " + i.change().name().toLowerCase(java.util.Locale.ROOT) + " (" + i.rootCause()
                    + ", episode " + i.episode() + "): " + i.title() + "; " + i.alerts().stream()
                    .filter(dev.rebound.events.v1.IncidentAlert::active).count() + " of " + i.alerts().size()
                    + " alerts active";
        }
        if (data instanceof BackfillAbandonedAlert a) {
            return a.processor() + " " + a.dataDate() + ": plan " + a.planId() + " abandoned after " + a.attempts()
                    + " attempts: " + a.reason();
        }
        return data.toString();
    }
}
