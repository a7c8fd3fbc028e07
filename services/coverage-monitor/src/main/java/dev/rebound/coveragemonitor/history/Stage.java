package dev.rebound.coveragemonitor.history;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
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
import java.util.Locale;

/** What one event of an incident means on its timeline, from detection to resolution. */
public enum Stage {
    GAP, ESCALATED, PLAN, TRIGGER, STARTED, HEARTBEAT, STUCK, FAILED, COMPLETED, STEP_DONE, PLAN_COMPLETED,
    PLAN_ABANDONED, RESOLVED, OTHER;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Stage of(EventPayload payload) {
        if (payload instanceof CoverageGap gap) {
            return gap.severity() == Severity.CRITICAL ? ESCALATED : GAP;
        }
        if (payload instanceof BackfillStepTriggered || payload instanceof ProcessorTrigger) {
            return TRIGGER;
        }
        return payload instanceof BackfillPlanCreated ? PLAN
                : payload instanceof ProcessorStarted ? STARTED
                : payload instanceof ProcessorHeartbeat ? HEARTBEAT
                : payload instanceof ProcessorStuck ? STUCK
                : payload instanceof ProcessorFailed ? FAILED
                : payload instanceof ProcessorCompleted ? COMPLETED
                : payload instanceof BackfillStepDone ? STEP_DONE
                : payload instanceof BackfillPlanCompleted ? PLAN_COMPLETED
                : payload instanceof BackfillPlanAbandoned ? PLAN_ABANDONED
                : payload instanceof CoverageResolved ? RESOLVED
                : OTHER;
    }

    /** A stage that ends its lane's span (a run's verdict, a plan's end, a gap's resolution). */
    public boolean ends() {
        return this == COMPLETED || this == FAILED || this == STUCK || this == PLAN_COMPLETED
                || this == PLAN_ABANDONED || this == RESOLVED;
    }
}
