package dev.rebound.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local event archive in H2 ({@code rebound_events.events}), the shape BigQuery subscriptions write in
 * production: subscription_name, message_id, publish_time, attributes (a JSON object string), data (bytes).
 */
public final class EventArchive implements AutoCloseable {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private final Connection connection;

    public EventArchive(String jdbcUrl) {
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, "", "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the shared database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    /** Creates the archive table if no service has yet (same DDL as service-runtime's schema). */
    public void ensureTable() throws SQLException {
        try (var st = connection.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS rebound_events");
            st.execute("CREATE TABLE IF NOT EXISTS rebound_events.events (subscription_name VARCHAR(256) NOT NULL, "
                    + "message_id VARCHAR(128) NOT NULL, publish_time TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "attributes VARCHAR(65536) NOT NULL, data VARBINARY(10485760), "
                    + "PRIMARY KEY (subscription_name, message_id))");
        }
    }

    /** Stores one message; false when it was already archived (redelivery). */
    public synchronized boolean insert(String subscription, String messageId, Instant publishTime,
            Map<String, String> attributes, byte[] data) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO rebound_events.events "
                + "(subscription_name, message_id, publish_time, attributes, data) VALUES (?, ?, ?, ?, ?)")) {
            st.setString(1, subscription);
            st.setString(2, messageId);
            st.setObject(3, OffsetDateTime.ofInstant(publishTime, ZoneOffset.UTC));
            st.setString(4, Json.mapper().writeValueAsString(attributes));
            st.setBytes(5, data);
            st.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized List<ArchivedEvent> all() throws SQLException {
        List<ArchivedEvent> out = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT subscription_name, message_id, publish_time, "
                + "attributes, data FROM rebound_events.events ORDER BY publish_time, message_id");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Map<String, String> attrs;
                try {
                    attrs = new LinkedHashMap<>(Json.mapper().readValue(rs.getString(4), ATTRIBUTES));
                } catch (IOException e) {
                    throw new SQLException("archived attributes are not a JSON object: " + e.getMessage(), e);
                }
                OffsetDateTime published = rs.getObject(3, OffsetDateTime.class);
                out.add(new ArchivedEvent(rs.getString(1), rs.getString(2), published.toInstant(), attrs,
                        ArchivedEvent.parse(rs.getBytes(5))));
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
