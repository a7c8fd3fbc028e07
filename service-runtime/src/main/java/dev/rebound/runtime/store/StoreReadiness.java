package dev.rebound.runtime.store;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the state store answers and its schema is current. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
    private final StateStore store;
    private final StoreMigrations migrations;

    public StoreReadiness(StateStore store, StoreMigrations migrations) {
        this.store = store;
        this.migrations = migrations;
    }

    @Override
    public HealthCheckResponse call() {
        boolean reachable = store.reachable();
        return HealthCheckResponse.named("state-store")
                .status(reachable && migrations.migrated())
                .withData("schema", store.schema())
                .withData("reachable", reachable)
                .withData("migrated", migrations.migrated())
                .build();
    }
}
