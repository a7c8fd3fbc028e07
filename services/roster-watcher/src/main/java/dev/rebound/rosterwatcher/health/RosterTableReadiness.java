package dev.rebound.rosterwatcher.health;

import dev.rebound.rosterwatcher.RosterFreshnessMonitor;
import dev.rebound.runtime.warehouse.WarehouseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the configured roster table cannot be read: the freshness check would fail on every trigger.
 * (The warehouse and Pub/Sub checks come with the runtime.)
 */
@Readiness
@ApplicationScoped
public class RosterTableReadiness implements HealthCheck {
    private final RosterFreshnessMonitor freshness;

    public RosterTableReadiness(RosterFreshnessMonitor freshness) {
        this.freshness = freshness;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("roster-table").withData("table", freshness.rosters().table());
        try {
            var coverage = freshness.coverage();
            return builder.up().withData("teams_fresh", coverage.freshCount())
                    .withData("teams_expected", coverage.teams().size()).build();
        } catch (WarehouseException e) {
            return builder.down().withData("error", e.getMessage()).build();
        }
    }
}
