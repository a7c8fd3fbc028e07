package dev.rebound.backfillorchestrator.messaging;

import dev.rebound.backfillorchestrator.DeadlineMargin;
import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.backfillorchestrator.RunStatus;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every signal the orchestrator takes, turned into one engine decision each (inside the message's transaction):
 * completions, scraper completions (an input landed) and coverage reports move plans on; failures, stuck verdicts,
 * stale inputs (not informational ones) and coverage gaps open them; late heartbeats hold a possible zombie; starts
 * and heartbeats mark a run alive, so it is watched rather than started twice; the deadline forecast's warnings
 * order the work by margin and may start a repair early, its recoveries clear the margin. Idempotent by the
 * engine's own state as well as by the runtime's ce-id ledger.
 */
@ApplicationScoped
public class RepairSignalHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(RepairSignalHandler.class);

    private final RepairEngine engine;
    private final Topology topology;

    public RepairSignalHandler(RepairEngine engine, Topology topology) {
        this.engine = engine;
        this.topology = topology;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.PROCESSOR_COMPLETED, EventType.PROCESSOR_FAILED, EventType.PROCESSOR_STUCK,
                EventType.LATE_HEARTBEAT, EventType.ROSTER_STALE, EventType.INPUT_STALE, EventType.COVERAGE_GAP,
                EventType.COVERAGE_REPORT, EventType.SCRAPER_COMPLETED, EventType.PROCESSOR_STARTED,
                EventType.PROCESSOR_HEARTBEAT, EventType.DEADLINE_AT_RISK, EventType.DEADLINE_RECOVERED);
    }

    /** A run's start and heartbeats only move its last sign of life forward: a redelivery changes nothing. */
    @Override
    public Set<EventType> idempotentByOwnState() {
        return Set.of(EventType.PROCESSOR_STARTED, EventType.PROCESSOR_HEARTBEAT);
    }

    @Override
    public void handle(Event<?> event) {
        String correlationId = event.attributes().correlationId() != null ? event.attributes().correlationId()
                : event.id();
        Object data = event.data();
        if (data instanceof ProcessorHeartbeat h) {
            if (topology.knows(h.processor())) {
                engine.runAlive(new RunKey(h.processor(), h.dataDate()), h.runId(), h.at(), null);
            }
        } else if (data instanceof ProcessorStarted s) {
            if (topology.knows(s.processor())) {
                engine.runAlive(new RunKey(s.processor(), s.dataDate()), s.runId(), s.startedAt(),
                        s.heartbeatIntervalS());
            }
        } else if (data instanceof ScraperCompleted c) {
            engine.inputLanded(c.scraper(), c.dataDate(), c.completedAt());
        } else if (data instanceof ProcessorCompleted c) {
            engine.completed(new RunKey(c.processor(), c.dataDate()), c.runId(), c.completedAt());
        } else if (data instanceof ProcessorFailed f) {
            engine.failed(new RunKey(f.processor(), f.dataDate()), f.runId(),
                    RunStatus.ofFailureReason(f.reason().name()), f.failedAt(), f.message(), correlationId);
        } else if (data instanceof ProcessorStuck s) {
            engine.stuck(new RunKey(s.processor(), s.dataDate()), s.runId(), s.detectedAt(),
                    String.format(Locale.ROOT, "silent for %.0f s (threshold %.0f s), last heartbeat %s",
                            s.silentForS(), s.thresholdS(), s.lastHeartbeatAt()), correlationId);
        } else if (data instanceof LateHeartbeat h) {
            engine.lateHeartbeat(new RunKey(h.processor(), h.dataDate()), h.heartbeatAt());
        } else if (data instanceof RosterStale r) {
            rosterStale(r, correlationId);
        } else if (data instanceof InputStale i) {
            inputStale(i, correlationId);
        } else if (data instanceof CoverageGap g) {
            coverageGap(g, correlationId);
        } else if (data instanceof CoverageReport r) {
            coverageReport(r);
        } else if (data instanceof DeadlineAtRisk a) {
            deadlineAtRisk(a, event.attributes().correlationId());
        } else if (data instanceof DeadlineRecovered r) {
            String deadlineCorrelation = event.attributes().correlationId();
            engine.deadlines().recovered(r.gameDate(), DeadlineMargin.episodeOf(deadlineCorrelation, r.gameDate()),
                    deadlineCorrelation, r.recoveredAt());
        }
    }

    private void rosterStale(RosterStale alert, String correlationId) {
        PipelineConfig.Rosters rosters = topology.config().rosters();
        if (rosters == null || rosters.processor() == null || !topology.knows(rosters.processor())) {
            LOG.warnf("Roster stale alert, but the pipeline names no roster processor to re-run");
            return;
        }
        LocalDate date = LocalDate.ofInstant(alert.checkedAt(), ZoneOffset.UTC);
        String stale = alert.stale().stream().map(t -> t.teamAbbr() + " " + t.ageDays() + "d")
                .collect(Collectors.joining(", "));
        String detail = "rosters stale (max " + alert.maxAgeDays() + " days): " + stale
                + (alert.missing().isEmpty() ? "" : "; missing " + String.join(", ", alert.missing()));
        engine.staleInput(List.of(new RunKey(rosters.processor(), date)), alert.checkedAt(), detail, correlationId);
    }

    private void inputStale(InputStale alert, String correlationId) {
        if (alert.severity() == Severity.INFO) {
            LOG.infof("Stale input %s(%s) is informational (%s): nothing to repair", alert.input(),
                    alert.dataDate(), alert.detail());
            return;
        }
        List<PipelineConfig.Processor> consumers = topology.processors().stream()
                .filter(p -> alert.input().equals(p.triggeredByScraper())).toList();
        if (consumers.isEmpty()) {
            LOG.infof("Stale input %s feeds no processor of the pipeline; nothing to repair", alert.input());
            return;
        }
        String detail = alert.kind() + " " + alert.input() + ": " + alert.objectsSeen() + " objects by "
                + alert.expectedBy() + (alert.detail() == null ? "" : " (" + alert.detail() + ")");
        engine.staleInput(consumers.stream().map(p -> new RunKey(p.name(), alert.dataDate())).toList(),
                alert.detectedAt(), detail, correlationId);
    }

    private void coverageGap(CoverageGap gap, String correlationId) {
        var processor = topology.processorOfPhase(gap.phase());
        if (processor.isEmpty()) {
            LOG.warnf("Coverage gap for phase %s, which no processor of the pipeline produces", gap.phase());
            return;
        }
        String detail = gap.gameId() + ": " + gap.players() + "/" + gap.minPlayers() + " players in " + gap.phase()
                + ", tip-off " + gap.tipoffAt();
        engine.coverageGap(new RunKey(processor.get().name(), gap.gameDate()), detail, gap.suspectedRootCauses(),
                correlationId);
    }

    /** The margin is the deadline minus the landing the forecast decides on (forecast.at_risk_landing). */
    private void deadlineAtRisk(DeadlineAtRisk alert, String deadlineCorrelation) {
        Instant landing = DeadlineMargin.decidingLanding(alert.predictedLanding().expected(),
                alert.predictedLanding().p95(), topology.config().forecast().atRiskLanding());
        DeadlineMargin margin = new DeadlineMargin(alert.gameDate(),
                DeadlineMargin.episodeOf(deadlineCorrelation, alert.gameDate()), deadlineCorrelation, alert.deadline(),
                landing, alert.cause().name().toLowerCase(Locale.ROOT), alert.detectedAt());
        DeadlineAtRisk.CriticalRun critical = alert.criticalRun();
        engine.deadlines().atRisk(margin, new RunKey(critical.processor(), critical.dataDate()), critical.state(),
                alert.cause(), alert.detail());
    }

    private void coverageReport(CoverageReport report) {
        Map<RunKey, Double> coverage = new LinkedHashMap<>();
        for (CoverageReport.PhaseCoverage phase : report.phases()) {
            if (phase.processor() != null && phase.ran() && topology.knows(phase.processor())) {
                coverage.put(new RunKey(phase.processor(), report.gameDate()), phase.coverage());
            }
        }
        if (!coverage.isEmpty()) {
            engine.coverage(coverage, report.evaluatedAt());
        }
    }
}
