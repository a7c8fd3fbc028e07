package dev.rebound.coveragemonitor.history;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.RunScoped;
import dev.rebound.events.internal.BackfillPlanAbandoned;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.ProcessorTrigger;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One event on an incident's timeline: when it happened (its own time field), what it means, the lane it belongs
 * to (a game's gap, a repair plan, one processor run) and a sentence for people and screen readers.
 */
public record TimelineEntry(Instant at, Stage stage, String type, String lane, String summary, String processor,
        LocalDate dataDate, String runId, String planId, String gameId) {

    static TimelineEntry of(Event<?> event) {
        EventPayload data = event.data();
        String processor = data instanceof RunScoped run ? run.processor() : null;
        LocalDate dataDate = data instanceof RunScoped run ? run.dataDate() : null;
        String runId = runIdOf(data);
        String planId = planIdOf(data);
        String gameId = data instanceof CoverageGap g ? g.gameId() : data instanceof CoverageResolved r ? r.gameId()
                : null;
        String lane = gameId != null ? "gap " + gameId + " " + phaseOf(data)
                : planId != null ? "plan " + planId
                : runId != null ? processor + " " + dataDate + " · run " + runId
                : "other events";
        return new TimelineEntry(EventArchive.occurredAt(event), Stage.of(data), event.type().ceType(), lane,
                summary(data), processor, dataDate, runId, planId, gameId);
    }

    private static String runIdOf(EventPayload data) {
        return data instanceof ProcessorStarted s ? s.runId()
                : data instanceof ProcessorHeartbeat h ? h.runId()
                : data instanceof ProcessorStuck s ? s.runId()
                : data instanceof ProcessorFailed f ? f.runId()
                : data instanceof ProcessorCompleted c ? c.runId()
                : null;
    }

    private static String planIdOf(EventPayload data) {
        return data instanceof BackfillPlanCreated p ? p.planId()
                : data instanceof BackfillStepTriggered t ? t.planId()
                : data instanceof ProcessorTrigger t ? t.backfillId()
                : data instanceof BackfillStepDone d ? d.planId()
                : data instanceof BackfillPlanCompleted c ? c.planId()
                : data instanceof BackfillPlanAbandoned a ? a.planId()
                : null;
    }

    private static String phaseOf(EventPayload data) {
        return data instanceof CoverageGap g ? g.phase() : ((CoverageResolved) data).phase();
    }

    private static String summary(EventPayload data) {
        if (data instanceof CoverageGap g) {
            return g.severity().name().toLowerCase(java.util.Locale.ROOT) + " gap: " + g.gameId() + " " + g.phase()
                    + " has " + g.players() + " of " + g.minPlayers() + " players";
        }
        if (data instanceof CoverageResolved r) {
            return "resolved: " + r.gameId() + " " + r.phase() + " has " + r.players() + " players";
        }
        if (data instanceof BackfillPlanCreated p) {
            return "plan " + p.planId() + " for " + p.rootProcessor() + " " + p.rootDataDate() + " (" + p.reason()
                    + "), " + p.steps().size() + " steps";
        }
        if (data instanceof BackfillStepTriggered t) {
            return "triggered " + t.processor() + " " + t.dataDate() + " (attempt " + t.attempt()
                    + (t.degraded() ? ", degraded" : "") + ")";
        }
        if (data instanceof ProcessorTrigger t) {
            return "trigger sent to " + t.processor() + " " + t.dataDate() + " (attempt " + t.attempt() + ")";
        }
        if (data instanceof ProcessorStarted s) {
            return s.processor() + " " + s.dataDate() + " started (run " + s.runId() + ")";
        }
        if (data instanceof ProcessorHeartbeat h) {
            return h.processor() + " " + h.dataDate() + " heartbeat" + (h.progress() == null ? ""
                    : " " + h.progress().done() + "/" + h.progress().total());
        }
        if (data instanceof ProcessorStuck s) {
            return s.processor() + " " + s.dataDate() + " stuck: silent " + Math.round(s.silentForS()) + " s";
        }
        if (data instanceof ProcessorFailed f) {
            return f.processor() + " " + f.dataDate() + " failed: " + f.reason() + " " + f.message();
        }
        if (data instanceof ProcessorCompleted c) {
            return c.processor() + " " + c.dataDate() + " completed, " + c.recordsWritten() + " records";
        }
        if (data instanceof BackfillStepDone d) {
            return "step " + d.processor() + " " + d.dataDate() + " done: " + d.outcome();
        }
        if (data instanceof BackfillPlanCompleted c) {
            return "plan " + c.planId() + " completed (" + c.stepsTotal() + " steps)";
        }
        if (data instanceof BackfillPlanAbandoned a) {
            return "plan " + a.planId() + " abandoned: " + a.reason();
        }
        return data.getClass().getSimpleName();
    }
}
