package dev.rebound.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CloudEvents 1.0 binary-mode attributes plus Rebound's routing attributes. {@code extensions} keeps any other
 * attribute (trace context, replay markers) so that nothing a producer sent is lost on the way through.
 */
public record EventAttributes(String id, String source, String type, Instant time, String subject,
        String processor, LocalDate dataDate, String correlationId, Map<String, String> extensions) {

    public static final String SPEC_VERSION = "ce-specversion";
    public static final String ID = "ce-id";
    public static final String SOURCE = "ce-source";
    public static final String TYPE = "ce-type";
    public static final String TIME = "ce-time";
    public static final String SUBJECT = "ce-subject";
    public static final String CONTENT_TYPE = "content-type";
    public static final String PROCESSOR = "processor";
    public static final String DATA_DATE = "data_date";
    public static final String CORRELATION_ID = "correlation_id";
    /** Set on events re-published from the archive by a replay; consumers treat them like any other. */
    public static final String REPLAY = "rebound_replay";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    public EventAttributes {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The Pub/Sub attribute map for these attributes. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>(extensions);
        map.put(SPEC_VERSION, SPEC_VERSION_VALUE);
        map.put(ID, id);
        map.put(SOURCE, source);
        map.put(TYPE, type);
        map.put(TIME, time.toString());
        map.put(CONTENT_TYPE, JSON);
        if (subject != null) {
            map.put(SUBJECT, subject);
        }
        if (processor != null) {
            map.put(PROCESSOR, processor);
        }
        if (dataDate != null) {
            map.put(DATA_DATE, dataDate.toString());
        }
        if (correlationId != null) {
            map.put(CORRELATION_ID, correlationId);
        }
        return map;
    }

    public EventAttributes withExtension(String key, String value) {
        Map<String, String> ext = new LinkedHashMap<>(extensions);
        ext.put(key, value);
        return new EventAttributes(id, source, type, time, subject, processor, dataDate, correlationId, ext);
    }
}
