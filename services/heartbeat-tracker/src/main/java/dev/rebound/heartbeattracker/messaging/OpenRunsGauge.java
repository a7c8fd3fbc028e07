package dev.rebound.heartbeattracker.messaging;

import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.config.ReboundConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code rebound_open_runs}: runs being tracked as running, read from the store when metrics are scraped. */
@Startup
@ApplicationScoped
public class OpenRunsGauge {
    public OpenRunsGauge(MeterRegistry registry, RunStore store, ReboundConfig config) {
        Gauge.builder("rebound.open.runs", store, RunStore::countRunning)
                .description("Processor runs currently tracked as running")
                .tag("service", config.service().name())
                .register(registry);
    }
}
