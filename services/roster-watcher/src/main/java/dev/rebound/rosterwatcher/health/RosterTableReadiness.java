package dev.rebound.rosterwatcher.health;

import dev.rebound.rosterwatcher.RosterFreshnessMonitor;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.warehouse.WarehouseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the configured roster table cannot be read: the freshness check would fail on every trigger.
 * (The pipeline warehouse, state store and Pub/Sub checks come with the runtime.) The answer is reused for a minute:
 * in BigQuery each probe would otherwise be a billed query.
 */
@Readiness
@ApplicationScoped
public class RosterTableReadiness implements HealthCheck {
    private static final Duration REUSE_FOR = Duration.ofMinutes(1);

    private final RosterFreshnessMonitor freshness;
    private final ScenarioClock clock;
    private volatile HealthCheckResponse last;
    private volatile Instant lastAt = Instant.MIN;

    public RosterTableReadiness(RosterFreshnessMonitor freshness, ScenarioClock clock) {
        this.freshness = freshness;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        HealthCheckResponse cached = last;
        if (cached != null && now.isBefore(lastAt.plus(REUSE_FOR))) {
            return cached;
        }
        var builder = HealthCheckResponse.named("roster-table").withData("table", freshness.rosters().table());
        HealthCheckResponse response;
        try {
            var coverage = freshness.coverage();
            response = builder.up().withData("teams_fresh", coverage.freshCount())
                    .withData("teams_expected", coverage.teams().size()).build();
        } catch (WarehouseException e) {
            response = builder.down().withData("error", e.getMessage()).build();
        }
        last = response;
        lastAt = now;
        return response;
    }
}
