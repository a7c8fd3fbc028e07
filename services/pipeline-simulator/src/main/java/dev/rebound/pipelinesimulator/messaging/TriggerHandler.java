package dev.rebound.pipelinesimulator.messaging;

import dev.rebound.client.Trigger;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.TraceContext;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.pipelinesimulator.ProcessorRuns;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.push.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What makes the simulated processors run: a trigger (from the orchestrator's repairs or a replay) starts the named
 * processor; a scraper completion starts the processor fed by that scraper (the bridge closing the publish gap).
 * Returns once the run's started event is published; the run itself goes on in sim time.
 */
@ApplicationScoped
public class TriggerHandler implements EventHandler {
    private static final Logger LOG = Logger.getLogger(TriggerHandler.class);

    private final ProcessorRuns runs;
    private final Topology topology;

    public TriggerHandler(ProcessorRuns runs, Topology topology) {
        this.runs = runs;
        this.topology = topology;
    }

    @Override
    public Set<EventType> handles() {
        return Set.of(EventType.PROCESSOR_TRIGGER, EventType.SCRAPER_COMPLETED);
    }

    @Override
    public void handle(Event<?> event) {
        if (event.data() instanceof ProcessorTrigger trigger) {
            if (!runs.simulates(trigger.processor())) {
                LOG.warnf("Trigger for %s ignored: the scenario does not simulate it", trigger.processor());
                return;
            }
            runs.start(Trigger.of(event));
        } else if (event.data() instanceof ScraperCompleted done) {
            for (PipelineConfig.Processor p : topology.processors()) {
                if (done.scraper().equals(p.triggeredByScraper()) && runs.simulates(p.name())) {
                    runs.startScheduled(p.name(), done.dataDate(),
                            event.attributes().extensions().get(TraceContext.ATTRIBUTE),
                            event.attributes().correlationId(), done.objects());
                }
            }
        }
    }
}
