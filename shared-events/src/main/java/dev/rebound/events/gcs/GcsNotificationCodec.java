package dev.rebound.events.gcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Violation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decodes (and, for simulators and tests, encodes) Cloud Storage notifications in GCS's own format. */
public final class GcsNotificationCodec {
    public static final String EVENT_TYPE = "eventType";
    public static final String BUCKET_ID = "bucketId";
    public static final String OBJECT_ID = "objectId";
    public static final String OBJECT_GENERATION = "objectGeneration";
    public static final String PAYLOAD_FORMAT = "payloadFormat";
    public static final String EVENT_TIME = "eventTime";
    public static final String NOTIFICATION_CONFIG = "notificationConfig";

    private static final Set<String> EVENT_TYPES =
            Set.of("OBJECT_FINALIZE", "OBJECT_DELETE", "OBJECT_ARCHIVE", "OBJECT_METADATA_UPDATE");
    private static final Set<String> PAYLOAD_FORMATS = Set.of(GcsNotification.JSON_API_V1, "NONE");

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final EventCodec codec;

    public GcsNotificationCodec(EventCodec codec) {
        this.codec = codec;
    }

    /** True when the attributes look like a GCS notification rather than a CloudEvent. */
    public static boolean isGcsNotification(Map<String, String> attributes) {
        return attributes != null && attributes.containsKey(EVENT_TYPE) && attributes.containsKey(BUCKET_ID);
    }

    public GcsNotification decode(byte[] data, Map<String, String> attributes) {
        Map<String, String> attrs = attributes == null ? Map.of() : attributes;
        List<Violation> violations = new ArrayList<>();
        for (String required : List.of(EVENT_TYPE, BUCKET_ID, OBJECT_ID, OBJECT_GENERATION, PAYLOAD_FORMAT)) {
            String value = attrs.get(required);
            if (value == null || value.isBlank()) {
                violations.add(new Violation("attributes." + required, "is required"));
            }
        }
        if (!violations.isEmpty()) {
            throw new EventValidationException(violations);
        }
        if (!EVENT_TYPES.contains(attrs.get(EVENT_TYPE))) {
            violations.add(new Violation("attributes." + EVENT_TYPE, "unknown event type '" + attrs.get(EVENT_TYPE) + "'"));
        }
        String format = attrs.get(PAYLOAD_FORMAT);
        if (!PAYLOAD_FORMATS.contains(format)) {
            violations.add(new Violation("attributes." + PAYLOAD_FORMAT, "unknown payload format '" + format + "'"));
        }
        long generation = -1;
        try {
            generation = Long.parseLong(attrs.get(OBJECT_GENERATION));
        } catch (NumberFormatException e) {
            violations.add(new Violation("attributes." + OBJECT_GENERATION,
                    "is not a number: '" + attrs.get(OBJECT_GENERATION) + "'"));
        }
        Instant eventTime = null;
        if (attrs.get(EVENT_TIME) != null) {
            try {
                eventTime = OffsetDateTime.parse(attrs.get(EVENT_TIME)).toInstant();
            } catch (DateTimeParseException e) {
                violations.add(new Violation("attributes." + EVENT_TIME, "is not an RFC 3339 timestamp"));
            }
        }
        if (!violations.isEmpty()) {
            throw new EventValidationException(violations);
        }
        GcsObject object = null;
        if (GcsNotification.JSON_API_V1.equals(format)) {
            JsonNode tree = codec.parseObject(data);
            try {
                object = mapper.treeToValue(tree, GcsObject.class);
            } catch (JsonProcessingException e) {
                throw new EventValidationException("data", "is not a Cloud Storage object resource: "
                        + e.getOriginalMessage());
            }
            if (object.name() != null && !object.name().equals(attrs.get(OBJECT_ID))) {
                throw new EventValidationException("data.name", "is '" + object.name()
                        + "' but attribute objectId is '" + attrs.get(OBJECT_ID) + "'");
            }
        }
        return new GcsNotification(attrs.get(EVENT_TYPE), attrs.get(BUCKET_ID), attrs.get(OBJECT_ID), generation,
                format, eventTime, attrs.get(NOTIFICATION_CONFIG), object);
    }

    public EncodedMessage encode(GcsNotification notification) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(EVENT_TYPE, notification.eventType());
        attrs.put(BUCKET_ID, notification.bucketId());
        attrs.put(OBJECT_ID, notification.objectId());
        attrs.put(OBJECT_GENERATION, Long.toString(notification.objectGeneration()));
        attrs.put(PAYLOAD_FORMAT, notification.payloadFormat());
        if (notification.eventTime() != null) {
            attrs.put(EVENT_TIME, notification.eventTime().toString());
        }
        if (notification.notificationConfig() != null) {
            attrs.put(NOTIFICATION_CONFIG, notification.notificationConfig());
        }
        try {
            byte[] data = notification.object() == null ? new byte[0] : mapper.writeValueAsBytes(notification.object());
            return new EncodedMessage(data, attrs);
        } catch (JsonProcessingException e) {
            throw new EventValidationException("data", "cannot serialise: " + e.getOriginalMessage());
        }
    }
}
