package dev.rebound.backfillorchestrator.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.backfillorchestrator.config.BackfillConfig;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Re-publishes archived messages of a time window to their original topics with their original bytes and
 * attributes (ce-id kept, {@code rebound_replay=true} added), so every consumer's ce-id idempotency turns a replay
 * of events it already processed into no new work.
 */
@ApplicationScoped
public class ArchiveReplayer {
    private static final Logger LOG = Logger.getLogger(ArchiveReplayer.class);
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final PipelineWarehouse warehouse;
    private final EventPublisher publisher;
    private final BackfillConfig config;

    public ArchiveReplayer(PipelineWarehouse warehouse, EventPublisher publisher, BackfillConfig config) {
        this.warehouse = warehouse;
        this.publisher = publisher;
        this.config = config;
    }

    public record Result(int archived, int matched, int republished,
            @com.fasterxml.jackson.annotation.JsonProperty("dry_run") boolean dryRun,
            @com.fasterxml.jackson.annotation.JsonProperty("by_type") Map<String, Integer> byType) {
    }

    public Result republish(ReplayFilter filter, boolean dryRun) {
        int limit = config.replay().maxMessages();
        List<Row> rows = warehouse.query(Sql.of("SELECT subscription_name, message_id, publish_time, attributes, data"
                + " FROM " + config.replay().archiveTable() + " WHERE publish_time >= @from AND publish_time < @to"
                + " ORDER BY publish_time, message_id").bind("from", filter.from()).bind("to", filter.to()));
        Set<String> seen = new HashSet<>();
        Map<String, Integer> byType = new TreeMap<>();
        int matched = 0;
        int republished = 0;
        for (Row row : rows) {
            Map<String, String> attributes = parse(row.getString("attributes"), row.getString("message_id"));
            if (!filter.accepts(attributes)) {
                continue;
            }
            String identity = attributes.getOrDefault(EventAttributes.ID, "msg:" + row.getString("message_id"));
            if (!seen.add(identity)) {
                continue;
            }
            matched++;
            if (matched > limit) {
                throw new IllegalArgumentException("the window holds more than " + limit
                        + " matching messages (rebound.backfill.replay.max-messages); narrow it");
            }
            String type = attributes.getOrDefault(EventAttributes.TYPE, "(no ce-type)");
            byType.merge(type, 1, Integer::sum);
            if (dryRun) {
                continue;
            }
            Map<String, String> replayed = new LinkedHashMap<>(attributes);
            replayed.put(EventAttributes.REPLAY, "true");
            publisher.publishRaw(topicOf(row.getString("subscription_name"), type),
                    new EncodedMessage(bytes(row.get("data")), replayed));
            republished++;
        }
        LOG.infof("Replay %s..%s: %d archived, %d matched, %d republished%s", filter.from(), filter.to(), rows.size(),
                matched, republished, dryRun ? " (dry run)" : "");
        return new Result(rows.size(), matched, republished, dryRun, byType);
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
