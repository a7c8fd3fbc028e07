package dev.rebound.runtime.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a {@link Sql} statement on a JDBC connection: named parameters bound positionally, rows read as {@link Row}s. */
public final class Jdbc {
    private Jdbc() {
    }

    public static List<Row> query(Connection c, Sql sql) throws SQLException {
        NamedParameters.Positional p = NamedParameters.toPositional(sql.text());
        try (PreparedStatement st = c.prepareStatement(p.sql())) {
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
        }
    }

    /** Runs DML; returns the affected row count, which PostgreSQL reports exactly. */
    public static long execute(Connection c, Sql sql) throws SQLException {
        NamedParameters.Positional p = NamedParameters.toPositional(sql.text());
        try (PreparedStatement st = c.prepareStatement(p.sql())) {
            bind(st, p, sql.params());
            return st.executeLargeUpdate();
        }
    }

    /** Runs one DML statement once per parameter set, sent together; returns each one's affected row count. */
    public static long[] executeBatch(Connection c, List<Sql> statements) throws SQLException {
        NamedParameters.Positional p = NamedParameters.toPositional(statements.get(0).text());
        try (PreparedStatement st = c.prepareStatement(p.sql())) {
            for (Sql sql : statements) {
                bind(st, p, sql.params());
                st.addBatch();
            }
            return st.executeLargeBatch();
        }
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
                // PostgreSQL keeps microseconds and would round the rest: truncate, so a stored time is never later
                st.setObject(i + 1, instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
            } else if (v instanceof LocalDate date) {
                st.setObject(i + 1, date);
            } else {
                st.setObject(i + 1, v);
            }
        }
    }

    public static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}
