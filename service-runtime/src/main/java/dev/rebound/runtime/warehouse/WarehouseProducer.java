package dev.rebound.runtime.warehouse;

import com.google.cloud.bigquery.BigQueryOptions;
import dev.rebound.runtime.config.ReboundConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Chooses the pipeline warehouse from {@code rebound.warehouse.kind}: BigQuery in production, otherwise the local
 * PostgreSQL server that also holds the state (its stand-in pipeline tables and archive), through the
 * {@code warehouse} datasource's own pool.
 */
@ApplicationScoped
public class WarehouseProducer {

    @Produces
    @Singleton
    PipelineWarehouse warehouse(ReboundConfig config,
            @io.quarkus.agroal.DataSource("warehouse") Instance<AgroalDataSource> dataSource) {
        ReboundConfig.Warehouse w = config.warehouse();
        if (w.kind() == ReboundConfig.WarehouseKind.bigquery) {
            BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setLocation(w.bigquery().location());
            w.bigquery().projectId().ifPresent(options::setProjectId);
            w.bigquery().host().ifPresent(options::setHost);
            return new BigQueryWarehouse(options.build().getService());
        }
        return new JdbcWarehouse(dataSource.get());
    }
}
