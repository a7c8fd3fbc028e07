package dev.rebound.backfillorchestrator.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.backfillorchestrator.config.BackfillConfig;
import dev.rebound.events.EventType;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event archive ({@code rebound_events.events}): every message of every topic with its metadata, written by
 * the topics' archive subscriptions (BigQuery subscriptions in production, the launcher's archive writer
 * locally). Replay re-publishes from it; operators list alerts and quarantined messages from it.
 */
@ApplicationScoped
public class EventArchive {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final String COLUMNS = "SELECT subscription_name, message_id, publish_time, attributes, data FROM ";

    private final PipelineWarehouse warehouse;
    private final BackfillConfig config;

    public EventArchive(PipelineWarehouse warehouse, BackfillConfig config) {
        this.warehouse = warehouse;
        this.config = config;
    }

    /** One archived message; {@code topic} is the topic it was published to. */
    public record Archived(String topic, String messageId, Instant publishTime, Map<String, String> attributes,
            byte[] data) {
    }

    /** Every archived message of every topic published in [from, to), oldest first. */
    public List<Archived> window(Instant from, Instant to) {
        return read(warehouse.query(Sql.of(COLUMNS + table() + " WHERE publish_time >= @from AND publish_time < @to"
                + " ORDER BY publish_time, message_id").bind("from", from).bind("to", to)));
    }

    /** The newest {@code limit} messages of one topic published since {@code since}, newest first. */
    public List<Archived> latest(String topic, Instant since, int limit) {
        return read(warehouse.query(Sql.of(COLUMNS + table() + " WHERE subscription_name LIKE @archive"
                + " AND publish_time >= @since ORDER BY publish_time DESC, message_id LIMIT " + limit)
                .bind("archive", "%" + topic + "--archive").bind("since", since)));
    }

    /** One message of a topic by its Pub/Sub message id. */
    public Optional<Archived> message(String topic, String messageId) {
        return read(warehouse.query(Sql.of(COLUMNS + table() + " WHERE subscription_name LIKE @archive"
                + " AND message_id = @id").bind("archive", "%" + topic + "--archive").bind("id", messageId)))
                .stream().findFirst();
    }

    private String table() {
        return config.replay().archiveTable();
    }

    private static List<Archived> read(List<Row> rows) {
        return rows.stream().map(row -> {
            Map<String, String> attributes = parse(row.getString("attributes"), row.getString("message_id"));
            return new Archived(topicOf(row.getString("subscription_name"),
                    attributes.get(dev.rebound.events.EventAttributes.TYPE)), row.getString("message_id"),
                    row.getInstant("publish_time"), attributes, bytes(row.get("data")));
        }).toList();
    }

    /** JDBC returns the archived bytes as they are; BigQuery returns BYTES base64-encoded. */
    static byte[] bytes(Object data) {
        if (data == null) {
            return new byte[0];
        }
        if (data instanceof byte[] raw) {
            return raw;
        }
        return Base64.getDecoder().decode(data.toString());
    }

    /** The archive subscription is {@code <topic>--archive}; the ce-type's topic when the name says nothing. */
    static String topicOf(String subscriptionName, String ceType) {
        String name = subscriptionName == null ? "" : subscriptionName.substring(subscriptionName.lastIndexOf('/') + 1);
        int sep = name.indexOf("--");
        if (sep > 0) {
            return name.substring(0, sep);
        }
        return EventType.fromCeType(ceType).map(EventType::topic).orElseThrow(() -> new IllegalStateException(
                "cannot tell the topic of archived message from subscription '" + subscriptionName + "'"));
    }

    private static Map<String, String> parse(String json, String messageId) {
        try {
            return Json.mapper().readValue(json, ATTRIBUTES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("archived message " + messageId + " has unreadable attributes", e);
        }
    }
}
