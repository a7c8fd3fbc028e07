package dev.rebound.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.codec.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/** One row of the event archive, decoded for reading: attributes, data as JSON (null when not JSON). */
public record ArchivedEvent(String subscription, String messageId, Instant publishTime, Map<String, String> attributes,
        JsonNode data) {

    public String ceType() {
        return attributes.get(EventAttributes.TYPE);
    }

    public String ceId() {
        return attributes.getOrDefault(EventAttributes.ID, "msg:" + messageId);
    }

    /** Sim time of the event (ce-time), or the GCS event time, or the publish time (also when ce-time is malformed). */
    public Instant time() {
        String t = attributes.get(EventAttributes.TIME);
        if (t == null) {
            t = attributes.get("eventTime");
        }
        if (t == null) {
            return publishTime;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException malformed) {
            return publishTime;
        }
    }

    /** The service or producer that published it: the last segment of ce-source's //rebound/<service>. */
    public String source() {
        String s = attributes.get(EventAttributes.SOURCE);
        if (s == null) {
            return attributes.containsKey("bucketId") ? "cloud-storage" : "?";
        }
        return s.replaceFirst("^//rebound/", "");
    }

    /** A data field as text ("" when absent). */
    public String field(String name) {
        if (data == null || !data.has(name) || data.get(name).isNull()) {
            return "";
        }
        JsonNode n = data.get(name);
        return n.isValueNode() ? n.asText() : n.toString();
    }

    public Instant instantField(String name) {
        String v = field(name);
        return v.isEmpty() ? null : OffsetDateTime.parse(v).toInstant();
    }

    static JsonNode parse(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(data);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }
}
