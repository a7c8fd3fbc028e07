package dev.rebound.backfillorchestrator;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.testing.PubSubTestClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Plays the pipeline's processors (and the coverage monitor) in tests: reads the triggers the orchestrator
 * publishes on the processor-triggers probe and answers with completions, failures and coverage reports.
 */
final class ProcessorPlayer {
    static final String TEST_SOURCE = "//tests/processor-player";

    private final PubSubTestClient client;
    private final Clock clock;
    private final Topology topology;
    private final Set<String> answered = new HashSet<>();
    final List<Event<?>> published = new ArrayList<>();

    ProcessorPlayer(PubSubTestClient client, Clock clock, Topology topology) {
        this.client = client;
        this.clock = clock;
        this.topology = topology;
    }

    /** Triggers published so far, decoded, for one backfill id (null: all). */
    List<Event<ProcessorTrigger>> triggers(String planId) {
        List<Event<ProcessorTrigger>> out = new ArrayList<>();
        for (ReceivedMessage m : client.receivedOfType(Topics.PROCESSOR_TRIGGERS, EventType.PROCESSOR_TRIGGER.ceType())) {
            @SuppressWarnings("unchecked")
            Event<ProcessorTrigger> e = (Event<ProcessorTrigger>) client.decode(m);
            if (planId == null || planId.equals(e.data().backfillId())) {
                out.add(e);
            }
        }
        return out;
    }

    List<Event<ProcessorTrigger>> triggersFor(RunKey run) {
        return triggers(null).stream().filter(t -> t.data().processor().equals(run.processor())
                && t.data().dataDate().equals(run.dataDate())).toList();
    }

    /** Triggers not yet answered. */
    List<Event<ProcessorTrigger>> unanswered(String planId) {
        return triggers(planId).stream().filter(t -> !answered.contains(t.id())).toList();
    }

    void markAnswered(Event<ProcessorTrigger> trigger) {
        answered.add(trigger.id());
    }

    <T extends dev.rebound.events.EventPayload> Event<T> publish(T payload, String correlationId) {
        Event<T> event = Event.of(TEST_SOURCE, clock.instant(), payload, correlationId);
        client.publish(event);
        published.add(event);
        return event;
    }

    void complete(RunKey run, String correlationId) {
        publish(new ProcessorCompleted(run.processor(), "run-" + UUID.randomUUID(), run.dataDate(), clock.instant(),
                100), correlationId);
    }

    void fail(RunKey run, ProcessorFailed.Reason reason, String correlationId) {
        publish(new ProcessorFailed(run.processor(), "run-" + UUID.randomUUID(), run.dataDate(), clock.instant(),
                reason, "simulated " + reason, true), correlationId);
    }

    /** A coverage report for a date with one phase's coverage (evaluated now, after any completion so far). */
    void coverage(String processor, LocalDate gameDate, double coverage) {
        String phase = topology.processor(processor).orElseThrow().coverage().phase();
        Instant now = clock.instant().plusMillis(1);
        publish(new CoverageReport(gameDate, now, 8, List.of(), List.of(new CoverageReport.PhaseCoverage(phase,
                processor, true, 8, coverage >= 1.0 ? 8 : 4, coverage))), null);
    }

    /** Completes a run and, when its processor has a coverage phase, reports full coverage for it. */
    void completeWithCoverage(RunKey run, String correlationId) {
        complete(run, correlationId);
        if (topology.processor(run.processor()).orElseThrow().coverage() != null) {
            coverage(run.processor(), run.dataDate(), 1.0);
        }
    }

    static String correlationOf(Event<?> event) {
        return event.attributes().correlationId();
    }

    static boolean isReplay(Event<?> event) {
        return "true".equals(event.attributes().extensions().get(EventAttributes.REPLAY));
    }
}
