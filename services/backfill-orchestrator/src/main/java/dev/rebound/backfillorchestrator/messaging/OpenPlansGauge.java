package dev.rebound.backfillorchestrator.messaging;

import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.store.StoreMigrations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code rebound_open_plans}: repair plans open right now, as the store says (every instance reports the same). */
@Startup
@ApplicationScoped
public class OpenPlansGauge {
    public OpenPlansGauge(MeterRegistry registry, RepairEngine engine, StoreMigrations migrations,
            ReboundConfig config) {
        Gauge.builder("rebound.open.plans", engine, e -> migrations.migrated() ? e.openPlanCount() : Double.NaN)
                .description("Repair plans currently open")
                .tag("service", config.service().name())
                .register(registry);
    }
}
