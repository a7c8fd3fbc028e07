package dev.rebound.runtime.health;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.push.PullDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With pull delivery, not ready until every catalog subscription of the service is being streamed: an instance that
 * cannot pull one of its subscriptions (missing, Pub/Sub unreachable) would look healthy while hearing nothing.
 */
@Readiness
@ApplicationScoped
public class PullDeliveryReadiness implements HealthCheck {
    private final PullDelivery delivery;
    private final ReboundConfig config;

    public PullDeliveryReadiness(PullDelivery delivery, ReboundConfig config) {
        this.delivery = delivery;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("pull-delivery");
        if (config.push().delivery() != ReboundConfig.Delivery.pull) {
            return response.up().withData("delivery", "push").build();
        }
        Map<String, String> states = delivery.streamStates();
        states.forEach(response::withData);
        boolean allRunning = states.values().stream().allMatch("RUNNING"::equals);
        return allRunning ? response.up().build() : response.down().build();
    }
}
