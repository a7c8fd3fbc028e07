package dev.rebound.runtime.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The warehouse over JDBC; the local default is H2 in a file shared by every process of the mesh. Writes are
 * group-committed (see {@link GroupCommitWriter}) unless constructed with a group of 0.
 */
public class JdbcWarehouse implements Warehouse {
    /** Statements one commit may carry by default: more than any push concurrency a service is given. */
    public static final int DEFAULT_GROUP_COMMIT = 64;

    private final DataSource dataSource;
    private final GroupCommitWriter writes;

    public JdbcWarehouse(DataSource dataSource) {
        this(dataSource, DEFAULT_GROUP_COMMIT);
    }

    /** {@code groupCommit}: most statements one commit carries; 0 commits every statement on its own. */
    public JdbcWarehouse(DataSource dataSource, int groupCommit) {
        if (groupCommit < 0) {
            throw new IllegalArgumentException("groupCommit must be 0 (off) or more, was " + groupCommit);
        }
        this.dataSource = dataSource;
        this.writes = groupCommit == 0 ? null : new GroupCommitWriter(dataSource, groupCommit);
    }

    @Override
    public List<Row> query(Sql sql) {
        NamedParameters.Positional p = NamedParameters.toPositional(sql.text());
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(p.sql())) {
            bind(st, p, sql.params());
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        values.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(new Row(values));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new WarehouseException("Query failed: " + e.getMessage() + " [" + abbreviate(sql.text()) + "]", e);
        }
    }

    @Override
    public long execute(Sql sql) {
        NamedParameters.Positional p = NamedParameters.toPositional(sql.text());
        if (writes != null) {
            try {
                return writes.execute(p, sql.params());
            } catch (SQLException e) {
                throw new WarehouseException("Statement failed: " + e.getMessage() + " [" + abbreviate(sql.text()) + "]", e);
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(p.sql())) {
            bind(st, p, sql.params());
            return st.executeLargeUpdate();
        } catch (SQLException e) {
            throw new WarehouseException("Statement failed: " + e.getMessage() + " [" + abbreviate(sql.text()) + "]", e);
        }
    }

    /** Runs a script of ';'-separated statements (schema creation). */
    public void executeScript(String script) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String statement : script.split(";\\s*(\\r?\\n|$)")) {
                String trimmed = statement.strip();
                if (!trimmed.isEmpty() && !trimmed.lines().allMatch(l -> l.strip().startsWith("--") || l.isBlank())) {
                    st.execute(trimmed);
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException("Schema script failed: " + e.getMessage(), e);
        }
    }

    /** Commits the group-commit writer has run (0 when group commit is off). */
    public long groupCommits() {
        return writes == null ? 0 : writes.groupsCommitted();
    }

    /** Statements those commits carried. */
    public long groupCommittedStatements() {
        return writes == null ? 0 : writes.statementsCommitted();
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

    static void bind(PreparedStatement st, NamedParameters.Positional p, Map<String, Object> params)
            throws SQLException {
        for (int i = 0; i < p.names().size(); i++) {
            String name = p.names().get(i);
            if (!params.containsKey(name)) {
                throw new SQLException("No value bound for parameter @" + name);
            }
            Object v = params.get(name);
            if (v instanceof Instant instant) {
                st.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else if (v instanceof LocalDate date) {
                st.setObject(i + 1, date);
            } else {
                st.setObject(i + 1, v);
            }
        }
    }

    private static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}
