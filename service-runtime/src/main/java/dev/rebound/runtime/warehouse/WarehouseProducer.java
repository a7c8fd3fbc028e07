package dev.rebound.runtime.warehouse;

import com.google.cloud.bigquery.BigQueryOptions;
import dev.rebound.runtime.config.ReboundConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the warehouse adapter from {@code rebound.warehouse.kind}. */
@ApplicationScoped
public class WarehouseProducer {

    /** A singleton (no client proxy), so the schema initializer can see which adapter it is. */
    @Produces
    @Singleton
    Warehouse warehouse(ReboundConfig config, Instance<AgroalDataSource> dataSource) {
        ReboundConfig.Warehouse w = config.warehouse();
        if (w.kind() == ReboundConfig.WarehouseKind.bigquery) {
            BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setLocation(w.bigquery().location());
            w.bigquery().projectId().ifPresent(options::setProjectId);
            w.bigquery().host().ifPresent(options::setHost);
            return new BigQueryWarehouse(options.build().getService());
        }
        if (!dataSource.isResolvable()) {
            throw new ConfigurationException("rebound.warehouse.kind=jdbc needs quarkus.datasource.jdbc.url");
        }
        if (w.groupCommit() < 0) {
            throw new ConfigurationException("rebound.warehouse.group-commit must be 0 (off) or a positive number of"
                    + " statements per commit, was " + w.groupCommit());
        }
        return new JdbcWarehouse(dataSource.get(), w.groupCommit());
    }
}
