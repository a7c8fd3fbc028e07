package dev.rebound.backfillorchestrator.messaging;

import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.runtime.config.ReboundConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code rebound_open_plans}: repair plans open right now. */
@Startup
@ApplicationScoped
public class OpenPlansGauge {
    public OpenPlansGauge(MeterRegistry registry, RepairEngine engine, ReboundConfig config) {
        Gauge.builder("rebound.open.plans", engine, e -> e.activePlans().size())
                .description("Repair plans currently open")
                .tag("service", config.service().name())
                .register(registry);
    }
}
