package dev.rebound.runtime.warehouse;

import dev.rebound.runtime.sql.Jdbc;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The pipeline warehouse over JDBC: locally, the stand-ins for the pipeline's BigQuery tables and the event archive
 * in the same PostgreSQL server as the state. Read-only, like BigQuery in production: each query runs in a
 * read-only transaction, so a write slipped into a query fails here as it would there.
 */
public class JdbcWarehouse implements PipelineWarehouse {
    private final DataSource dataSource;

    public JdbcWarehouse(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Row> query(Sql sql) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                return Jdbc.query(c, sql);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new WarehouseException("Query failed: " + e.getMessage() + " [" + Jdbc.abbreviate(sql.text()) + "]", e);
        }
    }

    @Override
    public boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public String kind() {
        return "jdbc";
    }
}
