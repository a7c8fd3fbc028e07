package dev.rebound.events;

import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.BackfillPlanAbandoned;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.internal.DailyHealthSummary;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.internal.HeartbeatCanary;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.internal.LateHeartbeat;
import dev.rebound.events.internal.RosterRecovered;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.IncidentEscalated;
import dev.rebound.events.v1.IncidentOpened;
import dev.rebound.events.v1.IncidentResolved;
import dev.rebound.events.v1.IncidentUpdated;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.events.v1.ScraperCompleted;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every CloudEvents {@code ce-type} Rebound knows: its topic, payload record and JSON Schema. */
public enum EventType {
    PROCESSOR_STARTED("pipeline.processor.started.v1", Topics.PROCESSOR_HEARTBEATS, ProcessorStarted.class, true),
    PROCESSOR_HEARTBEAT("pipeline.processor.heartbeat.v1", Topics.PROCESSOR_HEARTBEATS, ProcessorHeartbeat.class, true),
    PROCESSOR_COMPLETED("pipeline.processor.completed.v1", Topics.PROCESSOR_COMPLETIONS, ProcessorCompleted.class, true),
    PROCESSOR_FAILED("pipeline.processor.failed.v1", Topics.PROCESSOR_FAILURES, ProcessorFailed.class, true),
    SCRAPER_COMPLETED("pipeline.scraper.completed.v1", Topics.SCRAPER_COMPLETIONS, ScraperCompleted.class, true),
    PROCESSOR_TRIGGER("pipeline.processor.trigger.v1", Topics.PROCESSOR_TRIGGERS, ProcessorTrigger.class, true),
    PROCESSOR_STUCK("pipeline.processor.stuck.v1", Topics.PIPELINE_ALERTS, ProcessorStuck.class, true),
    ROSTER_STALE("pipeline.roster.stale.v1", Topics.PIPELINE_ALERTS, RosterStale.class, true),
    COVERAGE_GAP("pipeline.coverage.gap.v1", Topics.PIPELINE_ALERTS, CoverageGap.class, true),
    DEADLINE_AT_RISK("pipeline.deadline.at_risk.v1", Topics.PIPELINE_ALERTS, DeadlineAtRisk.class, true),
    INCIDENT_OPENED("pipeline.incident.opened.v1", Topics.PIPELINE_ALERTS, IncidentOpened.class, true),
    INCIDENT_ESCALATED("pipeline.incident.escalated.v1", Topics.PIPELINE_ALERTS, IncidentEscalated.class, true),
    INCIDENT_UPDATED("pipeline.incident.updated.v1", Topics.PIPELINE_ALERTS, IncidentUpdated.class, true),
    INCIDENT_RESOLVED("pipeline.incident.resolved.v1", Topics.PIPELINE_ALERTS, IncidentResolved.class, true),

    LATE_HEARTBEAT("pipeline.processor.late_heartbeat.v1", Topics.PIPELINE_ALERTS, LateHeartbeat.class, false),
    ROSTER_RECOVERED("pipeline.roster.recovered.v1", Topics.PIPELINE_ALERTS, RosterRecovered.class, false),
    INPUT_STALE("pipeline.input.stale.v1", Topics.PIPELINE_ALERTS, InputStale.class, false),
    COVERAGE_RESOLVED("pipeline.coverage.resolved.v1", Topics.PIPELINE_ALERTS, CoverageResolved.class, false),
    DEADLINE_RECOVERED("pipeline.deadline.recovered.v1", Topics.PIPELINE_ALERTS, DeadlineRecovered.class, false),
    BACKFILL_ABANDONED_ALERT("pipeline.backfill.abandoned.v1", Topics.PIPELINE_ALERTS, BackfillAbandonedAlert.class, false),
    COVERAGE_REPORT("rebound.coverage.report.v1", Topics.COVERAGE_REPORTS, CoverageReport.class, false),
    BACKFILL_PLAN_CREATED("rebound.backfill.plan_created.v1", Topics.BACKFILL_EVENTS, BackfillPlanCreated.class, false),
    BACKFILL_STEP_TRIGGERED("rebound.backfill.step_triggered.v1", Topics.BACKFILL_EVENTS, BackfillStepTriggered.class, false),
    BACKFILL_STEP_DONE("rebound.backfill.step_done.v1", Topics.BACKFILL_EVENTS, BackfillStepDone.class, false),
    BACKFILL_PLAN_COMPLETED("rebound.backfill.plan_completed.v1", Topics.BACKFILL_EVENTS, BackfillPlanCompleted.class, false),
    BACKFILL_PLAN_ABANDONED("rebound.backfill.plan_abandoned.v1", Topics.BACKFILL_EVENTS, BackfillPlanAbandoned.class, false),
    DAILY_HEALTH_SUMMARY("rebound.health.daily_summary.v1", Topics.HEALTH_SUMMARIES, DailyHealthSummary.class, false),
    HEARTBEAT_CANARY("rebound.heartbeat.canary.v1", Topics.PROCESSOR_HEARTBEATS, HeartbeatCanary.class, false);

    /** Quarantined messages carry this type; their data is the original bytes, not JSON (see docs/events.md). */
    public static final String QUARANTINED_CE_TYPE = "rebound.event.quarantined.v1";

    private static final Map<String, EventType> BY_CE_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));

    private final String ceType;
    private final String topic;
    private final Class<? extends EventPayload> payloadClass;
    private final boolean publicV1;

    EventType(String ceType, String topic, Class<? extends EventPayload> payloadClass, boolean publicV1) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadClass = payloadClass;
        this.publicV1 = publicV1;
    }

    public String ceType() {
        return ceType;
    }

    /** The topic every event of this type is published to. */
    public String topic() {
        return topic;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    /** Part of the public contract v1 (DESIGN.md) rather than an internal, team-designed event. */
    public boolean publicV1() {
        return publicV1;
    }

    public String schemaResource() {
        return "rebound/schemas/v1/" + ceType + ".json";
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Optional.ofNullable(ceType).map(BY_CE_TYPE::get);
    }

    public static EventType forPayload(EventPayload payload) {
        EventType type = BY_CLASS.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("No event type for payload " + payload.getClass().getName());
        }
        return type;
    }
}
