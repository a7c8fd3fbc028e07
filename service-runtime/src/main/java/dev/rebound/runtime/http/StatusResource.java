package dev.rebound.runtime.http;

import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.push.DeliveryBacklog;
import dev.rebound.runtime.push.PushStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One look at a service, the same on every service ({@code rebound status}): whether it is ready, how far behind
 * its deliveries are, what waits in its outbox, and its open work — every {@code rebound.open.*} gauge it registers (runs it watches, plans
 * in progress, gaps open, ...), read from where the metrics read it.
 */
@Path("/status")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class StatusResource {
    private static final String OPEN_PREFIX = "rebound.open.";
    private static final String OUTBOX_BACKLOG = "rebound.outbox.backlog";
    private static final String OUTBOX_OLDEST = "rebound.outbox.oldest.age.seconds";

    private final ReboundConfig config;
    private final ScenarioClock clock;
    private final SmallRyeHealthReporter health;
    private final PushStats stats;
    private final DeliveryBacklog backlog;
    private final MeterRegistry registry;

    public StatusResource(ReboundConfig config, ScenarioClock clock, SmallRyeHealthReporter health, PushStats stats,
            DeliveryBacklog backlog, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.health = health;
        this.stats = stats;
        this.backlog = backlog;
        this.registry = registry;
    }

    /**
     * {@code now} is the service's clock (the scenario clock locally); {@code deliveries} counts this instance's
     * messages by outcome since it started; {@code open} names each gauge without its prefix.
     */
    public record ServiceStatus(String service, Instant now, boolean ready, Backlog backlog, Outbox outbox,
            Map<String, Long> deliveries, Map<String, Double> open) {
    }

    /**
     * The service's outbox (all its instances share it): events committed but not yet published, and the age of the
     * oldest, as last measured by this instance's relay — the figures infra/'s outbox policy pages on.
     */
    public record Outbox(long unsent, double oldestAgeS) {
    }

    /** {@code oldest_delivery_age_s}: the oldest message received in the last minute, publish to receipt. */
    public record Backlog(int inFlight, double oldestDeliveryAgeS) {
    }

    @GET
    public ServiceStatus status() {
        Map<String, Double> open = new TreeMap<>();
        registry.getMeters().stream().filter(m -> m instanceof Gauge && m.getId().getName().startsWith(OPEN_PREFIX))
                .forEach(m -> open.put(m.getId().getName().substring(OPEN_PREFIX.length()), ((Gauge) m).value()));
        return new ServiceStatus(config.service().name(), clock.instant(), !health.getReadiness().isDown(),
                new Backlog(backlog.inFlight(), backlog.oldestDeliveryAgeSeconds()),
                new Outbox(Math.round(gauge(OUTBOX_BACKLOG)), gauge(OUTBOX_OLDEST)), stats.snapshot(), open);
    }

    private double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
