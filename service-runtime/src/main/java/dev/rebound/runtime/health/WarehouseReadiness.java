package dev.rebound.runtime.health;

import dev.rebound.runtime.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the warehouse (the service's state store) does not answer. */
@Readiness
@ApplicationScoped
public class WarehouseReadiness implements HealthCheck {
    private final Warehouse warehouse;

    public WarehouseReadiness(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warehouse")
                .status(warehouse.reachable())
                .withData("kind", warehouse.kind())
                .build();
    }
}
