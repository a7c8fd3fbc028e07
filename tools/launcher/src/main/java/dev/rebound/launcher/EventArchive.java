package dev.rebound.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.warehouse.LocalPipelineTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The local event archive ({@code rebound_events.events} in the mesh's PostgreSQL database), the shape BigQuery
 * subscriptions write in production: subscription_name, message_id, publish_time, attributes (a JSON object string),
 * data (bytes). Replay reads it through the pipeline warehouse, as it reads BigQuery in production.
 */
public final class EventArchive implements AutoCloseable {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private final Connection connection;

    public EventArchive(String jdbcUrl) {
        try {
            this.connection = DriverManager.getConnection(jdbcUrl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the shared database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    /** Creates the archive table before any service starts (the DDL the services' runtime uses locally). */
    public void ensureTable() throws SQLException {
        String script;
        try (InputStream in = EventArchive.class.getClassLoader()
                .getResourceAsStream(LocalPipelineTables.ARCHIVE_SCRIPT)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (var st = connection.createStatement()) {
            for (String statement : script.split(";\\s*\\n")) {
                if (!statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
                    st.execute(statement);
                }
            }
        }
    }

    /** Stores one message; false when it was already archived (redelivery). */
    public synchronized boolean insert(String subscription, String messageId, Instant publishTime,
            Map<String, String> attributes, byte[] data) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO rebound_events.events "
                + "(subscription_name, message_id, publish_time, attributes, data) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            st.setString(1, subscription);
            st.setString(2, messageId);
            st.setObject(3, OffsetDateTime.ofInstant(publishTime, ZoneOffset.UTC));
            st.setString(4, Json.mapper().writeValueAsString(attributes));
            st.setBytes(5, data);
            return st.executeUpdate() == 1;
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
