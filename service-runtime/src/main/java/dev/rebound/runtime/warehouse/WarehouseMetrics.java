package dev.rebound.runtime.warehouse;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Group commit at work: {@code rebound_warehouse_commits_total} and {@code rebound_warehouse_committed_statements_total}
 * (their ratio is the mean number of writes one commit carried). Registered only for the JDBC warehouse.
 */
@ApplicationScoped
public class WarehouseMetrics implements MeterBinder {
    private final Warehouse warehouse;

    public WarehouseMetrics(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (warehouse instanceof JdbcWarehouse jdbc) {
            FunctionCounter.builder("rebound.warehouse.commits", jdbc, JdbcWarehouse::groupCommits)
                    .description("Commits of grouped single-statement writes").register(registry);
            FunctionCounter.builder("rebound.warehouse.committed.statements", jdbc,
                            JdbcWarehouse::groupCommittedStatements)
                    .description("Single-statement writes carried by those commits").register(registry);
        }
    }
}
