package dev.rebound.coveragemonitor.messaging;

import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.runtime.config.ReboundConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code rebound_open_gaps}: coverage gap alerts open or escalated, read from the store when scraped. */
@Startup
@ApplicationScoped
public class OpenGapsGauge {
    public OpenGapsGauge(MeterRegistry registry, GapAlertStore gaps, ReboundConfig config) {
        Gauge.builder("rebound.open.gaps", gaps, g -> g.active().size())
                .description("Coverage gap alerts currently open or escalated")
                .tag("service", config.service().name())
                .register(registry);
    }
}
