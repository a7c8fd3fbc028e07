package dev.rebound.runtime.warehouse;

import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import java.util.List;

/**
 * The pipeline's own tables (schedule, rosters, the processors' output) and the event archive, which Rebound only
 * reads: BigQuery in production, the same tables in the local PostgreSQL server otherwise. Statements use the SQL
 * both accept ({@code @name} parameters, {@code dataset.table} names). Rebound's own state is never here: it is in
 * the {@link dev.rebound.runtime.store.StateStore}.
 */
public interface PipelineWarehouse {

    List<Row> query(Sql sql);

    /** A cheap round trip, for readiness checks. */
    boolean reachable();

    String kind();
}
