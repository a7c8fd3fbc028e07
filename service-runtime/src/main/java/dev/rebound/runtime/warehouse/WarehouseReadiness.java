package dev.rebound.runtime.warehouse;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the pipeline warehouse (the tables every check reads) does not answer. */
@Readiness
@ApplicationScoped
public class WarehouseReadiness implements HealthCheck {
    private final PipelineWarehouse warehouse;

    public WarehouseReadiness(PipelineWarehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pipeline-warehouse")
                .status(warehouse.reachable())
                .withData("kind", warehouse.kind())
                .build();
    }
}
