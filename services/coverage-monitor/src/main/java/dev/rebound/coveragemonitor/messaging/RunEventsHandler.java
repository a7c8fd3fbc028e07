package dev.rebound.coveragemonitor.messaging;

import dev.rebound.coveragemonitor.CoverageEvaluator;
import dev.rebound.coveragemonitor.RunRecord;
import dev.rebound.coveragemonitor.RunStatus;
import dev.rebound.coveragemonitor.incident.AlertSignals;
import dev.rebound.coveragemonitor.incident.IncidentTracker;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/**
 * Completions and failures of processor runs. A completion is recorded, then every game date whose coverage it
 * can change is evaluated before the push is acknowledged, so the orchestrator hears a coverage report after each
 * relevant completion; then the incidents' alerts it answers (its stuck runs, abandoned repairs, stale inputs) are
 * cleared. A failure is recorded as a possible root cause.
 */
@ApplicationScoped
public class RunEventsHandler implements EventHandler {
    private final RunStore runs;
    private final CoverageEvaluator evaluator;
    private final IncidentTracker incidents;
    private final AlertSignals signals;

    public RunEventsHandler(RunStore runs, CoverageEvaluator evaluator, IncidentTracker incidents,
            AlertSignals signals) {
        this.runs = runs;
        this.evaluator = evaluator;
        this.incidents = incidents;
        this.signals = signals;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.PROCESSOR_COMPLETED, EventType.PROCESSOR_FAILED);
    }

    @Override
    public void handle(Event<?> event) {
        String correlationId = event.attributes().correlationId();
        if (event.data() instanceof ProcessorCompleted c) {
            runs.record(new RunRecord(c.processor(), c.dataDate(), c.runId(), RunStatus.COMPLETED, c.completedAt(),
                    c.recordsWritten(), c.recordsWritten() + " records", null, correlationId));
            for (LocalDate date : evaluator.datesAffectedBy(c.processor(), c.dataDate())) {
                evaluator.evaluate(date);
            }
            incidents.answered(c.completedAt(), signals.completion(c.processor(), c.dataDate()));
        } else if (event.data() instanceof ProcessorFailed f) {
            String reason = f.reason().name().toLowerCase(Locale.ROOT);
            String detail = reason + (f.message() == null || f.message().isBlank() ? "" : ": " + f.message());
            runs.record(new RunRecord(f.processor(), f.dataDate(), f.runId(), RunStatus.FAILED, f.failedAt(), null,
                    detail, f.reason() == ProcessorFailed.Reason.STUCK ? detail : null, correlationId));
        }
    }
}
