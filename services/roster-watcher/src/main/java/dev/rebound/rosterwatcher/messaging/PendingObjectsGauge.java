package dev.rebound.rosterwatcher.messaging;

import dev.rebound.rosterwatcher.store.BridgeObjectStore;
import dev.rebound.runtime.config.ReboundConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code rebound_open_bridge_objects}: scraper files the bridge recorded whose completion is not published yet
 * (waiting for their batch window), read from the bridge table when scraped.
 */
@Startup
@ApplicationScoped
public class PendingObjectsGauge {
    public PendingObjectsGauge(MeterRegistry registry, BridgeObjectStore objects, ReboundConfig config) {
        Gauge.builder("rebound.open.bridge_objects", objects,
                        o -> o.totals().stream().mapToLong(BridgeObjectStore.ScraperTotals::pending).sum())
                .description("Scraper files recorded by the bridge and not yet announced")
                .tag("service", config.service().name())
                .register(registry);
    }
}
