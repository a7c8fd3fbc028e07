package dev.rebound.runtime.pipeline;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import dev.rebound.runtime.config.ReboundConfig;
import org.jboss.logging.Logger;

/** Loads the pipeline once at startup from {@code rebound.pipeline.file}; an invalid file fails startup. */
@ApplicationScoped
public class PipelineProducer {
    private static final Logger LOG = Logger.getLogger(PipelineProducer.class);

    @Produces
    @Singleton
    Topology topology(ReboundConfig config) {
        return PipelineLoader.load(config.pipeline().file());
    }

    /** Touch the topology at startup so an invalid file stops the service before it takes traffic. */
    void validateAtStartup(@Observes @Priority(0) StartupEvent event, Topology topology) {
        LOG.infof("Pipeline '%s': %d processors, %d edges", topology.name(), topology.processors().size(),
                topology.config().edges().size());
    }
}
