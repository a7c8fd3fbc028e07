package dev.rebound.backfillorchestrator;

import dev.rebound.events.Cause;
import java.util.List;

/**
 * Why a plan might be opened: the run a signal points at, the plan reason, the correlation id of the event that
 * raised it (plans opened by an operator or the sweep get a new one), and causes the signal already knows
 * (e.g. a coverage gap's suspected root causes) to append to the plan's cause chain.
 */
public record RepairRequest(BrokenRun broken, String reason, String correlationId, List<Cause> knownCauses) {
    public RepairRequest {
        knownCauses = knownCauses == null ? List.of() : List.copyOf(knownCauses);
    }
}
