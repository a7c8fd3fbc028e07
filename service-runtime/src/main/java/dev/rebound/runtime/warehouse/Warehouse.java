package dev.rebound.runtime.warehouse;

import java.util.List;

/**
 * The warehouse port: parametrized SQL in, typed rows out. BigQuery in production, an embedded JDBC database
 * (H2 in a file several processes share) locally. Statements use the subset of SQL both accept.
 */
public interface Warehouse {

    List<Row> query(Sql sql);

    /** Runs DML or DDL; returns the affected row count where the engine reports one. */
    long execute(Sql sql);

    /** A cheap round trip, for readiness checks. */
    boolean reachable();

    String kind();
}
