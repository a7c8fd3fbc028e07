package dev.rebound.events.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.RunScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Encodes and decodes contract events, validating both ways against the JSON Schemas in
 * {@code rebound/schemas/v1}. Errors name the field path and the reason. Thread-safe; build one and share it.
 */
public final class EventCodec {
    /** Larger payloads are refused: the contract's events are small, and a huge one is a producer bug. */
    public static final int DEFAULT_MAX_DATA_BYTES = 1024 * 1024;

    private static final Set<String> KNOWN_ATTRIBUTES = Set.of(EventAttributes.SPEC_VERSION, EventAttributes.ID,
            EventAttributes.SOURCE, EventAttributes.TYPE, EventAttributes.TIME, EventAttributes.SUBJECT,
            EventAttributes.CONTENT_TYPE, EventAttributes.PROCESSOR, EventAttributes.DATA_DATE,
            EventAttributes.CORRELATION_ID);

    private final ObjectMapper mapper = Json.mapper();
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    private final int maxDataBytes;

    public EventCodec() {
        this(DEFAULT_MAX_DATA_BYTES);
    }

    public EventCodec(int maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        // English whatever the host's locale: the reasons end up in quarantine attributes and logs
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().locale(Locale.ENGLISH)
                .formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build();
        for (EventType type : EventType.values()) {
            try (InputStream in = EventCodec.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("Missing JSON Schema " + type.schemaResource());
                }
                schemas.put(type, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public int maxDataBytes() {
        return maxDataBytes;
    }

    /** Validates and serialises an event; throws {@link EventValidationException} rather than publish bad data. */
    public EncodedMessage encode(Event<?> event) {
        EventPayload payload = event.data();
        EventType type = EventType.forPayload(payload);
        List<Violation> violations = new ArrayList<>();
        if (!type.ceType().equals(event.attributes().type())) {
            violations.add(new Violation("attributes." + EventAttributes.TYPE,
                    "is '" + event.attributes().type() + "' but the payload is " + type.ceType()));
        }
        JsonNode tree = mapper.valueToTree(payload);
        violations.addAll(validate(type, tree));
        Map<String, String> attributes = event.attributes().toMap();
        violations.addAll(checkRouting(payload, attributes));
        if (!violations.isEmpty()) {
            throw new EventValidationException(violations);
        }
        try {
            byte[] data = mapper.writeValueAsBytes(tree);
            if (data.length > maxDataBytes) {
                throw new EventValidationException("data", tooLarge(data.length));
            }
            return new EncodedMessage(data, attributes);
        } catch (JsonProcessingException e) {
            throw new EventValidationException("data", "cannot serialise: " + e.getOriginalMessage());
        }
    }

    /** Decodes and validates a message; every problem is reported with its path. */
    public Event<?> decode(byte[] data, Map<String, String> attributes) {
        Map<String, String> attrs = attributes == null ? Map.of() : attributes;
        List<Violation> violations = checkAttributes(attrs);
        if (!violations.isEmpty()) {
            throw new EventValidationException(violations);
        }
        String ceType = attrs.get(EventAttributes.TYPE);
        EventType type = EventType.fromCeType(ceType).orElseThrow(() -> new EventValidationException(
                "attributes." + EventAttributes.TYPE, "unknown ce-type '" + ceType + "'"));
        JsonNode tree = parseObject(data);
        violations = validate(type, tree);
        if (!violations.isEmpty()) {
            throw new EventValidationException(violations);
        }
        EventPayload payload;
        try {
            payload = mapper.treeToValue(tree, type.payloadClass());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventValidationException("data", "does not map to " + type.ceType() + ": " + e.getMessage());
        }
        violations = checkRouting(payload, attrs);
        if (!violations.isEmpty()) {
            throw new EventValidationException(violations);
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        attrs.forEach((k, v) -> {
            if (!KNOWN_ATTRIBUTES.contains(k)) {
                extensions.put(k, v);
            }
        });
        String dataDate = attrs.get(EventAttributes.DATA_DATE);
        EventAttributes parsed = new EventAttributes(attrs.get(EventAttributes.ID), attrs.get(EventAttributes.SOURCE),
                ceType, OffsetDateTime.parse(attrs.get(EventAttributes.TIME)).toInstant(),
                attrs.get(EventAttributes.SUBJECT), attrs.get(EventAttributes.PROCESSOR),
                dataDate == null ? null : LocalDate.parse(dataDate), attrs.get(EventAttributes.CORRELATION_ID),
                extensions);
        return new Event<>(parsed, payload);
    }

    /** Parses message data as a UTF-8 JSON object, or throws with the reason. Shared with other decoders. */
    public JsonNode parseObject(byte[] data) {
        if (data == null || data.length == 0) {
            throw new EventValidationException("data", "is empty");
        }
        if (data.length > maxDataBytes) {
            throw new EventValidationException("data", tooLarge(data.length));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new EventValidationException("data", "is not valid UTF-8");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new EventValidationException("data", "is not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new EventValidationException("data", "must be a JSON object");
        }
        return tree;
    }

    private String tooLarge(int size) {
        return "payload of " + size + " bytes exceeds the limit of " + maxDataBytes + " bytes";
    }

    private List<Violation> validate(EventType type, JsonNode tree) {
        Set<ValidationMessage> messages = schemas.get(type).validate(tree);
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage m : messages) {
            String location = m.getInstanceLocation().toString();
            String path = "data" + (location.startsWith("$") ? location.substring(1) : "." + location);
            if ("required".equals(m.getType()) && m.getProperty() != null) {
                path = path + "." + m.getProperty();
                violations.add(new Violation(path, "is required"));
            } else {
                String error = m.getError() != null ? m.getError() : m.getMessage();
                violations.add(new Violation(path, error.trim()));
            }
        }
        violations.sort(Comparator.comparing(Violation::path));
        return violations;
    }

    private static List<Violation> checkAttributes(Map<String, String> attrs) {
        List<Violation> violations = new ArrayList<>();
        String spec = attrs.get(EventAttributes.SPEC_VERSION);
        if (spec == null) {
            violations.add(missing(EventAttributes.SPEC_VERSION));
        } else if (!EventAttributes.SPEC_VERSION_VALUE.equals(spec)) {
            violations.add(new Violation("attributes." + EventAttributes.SPEC_VERSION,
                    "must be '1.0', was '" + spec + "'"));
        }
        for (String required : List.of(EventAttributes.ID, EventAttributes.SOURCE, EventAttributes.TYPE)) {
            String value = attrs.get(required);
            if (value == null || value.isBlank()) {
                violations.add(missing(required));
            }
        }
        checkLength(attrs, EventAttributes.ID, ContractBounds.ID, violations);
        checkLength(attrs, EventAttributes.CORRELATION_ID, ContractBounds.ID, violations);
        checkLength(attrs, EventAttributes.SOURCE, ContractBounds.ATTRIBUTE, violations);
        checkLength(attrs, EventAttributes.SUBJECT, ContractBounds.ATTRIBUTE, violations);
        String time = attrs.get(EventAttributes.TIME);
        if (time == null) {
            violations.add(missing(EventAttributes.TIME));
        } else {
            try {
                OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                violations.add(new Violation("attributes." + EventAttributes.TIME,
                        "is not an RFC 3339 timestamp: '" + time + "'"));
            }
        }
        String contentType = attrs.get(EventAttributes.CONTENT_TYPE);
        if (contentType == null) {
            violations.add(missing(EventAttributes.CONTENT_TYPE));
        } else if (!contentType.toLowerCase().startsWith(EventAttributes.JSON)) {
            violations.add(new Violation("attributes." + EventAttributes.CONTENT_TYPE,
                    "must be application/json, was '" + contentType + "'"));
        }
        String dataDate = attrs.get(EventAttributes.DATA_DATE);
        if (dataDate != null) {
            try {
                LocalDate.parse(dataDate);
            } catch (DateTimeParseException e) {
                violations.add(new Violation("attributes." + EventAttributes.DATA_DATE,
                        "is not a YYYY-MM-DD date: '" + dataDate + "'"));
            }
        }
        return violations;
    }

    private static List<Violation> checkRouting(EventPayload payload, Map<String, String> attrs) {
        if (!(payload instanceof RunScoped run)) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>();
        String processor = attrs.get(EventAttributes.PROCESSOR);
        if (processor == null) {
            violations.add(missing(EventAttributes.PROCESSOR));
        } else if (!processor.equals(run.processor())) {
            violations.add(new Violation("attributes." + EventAttributes.PROCESSOR,
                    "is '" + processor + "' but data.processor is '" + run.processor() + "'"));
        }
        String dataDate = attrs.get(EventAttributes.DATA_DATE);
        if (dataDate == null) {
            violations.add(missing(EventAttributes.DATA_DATE));
        } else if (!dataDate.equals(String.valueOf(run.dataDate()))) {
            violations.add(new Violation("attributes." + EventAttributes.DATA_DATE,
                    "is '" + dataDate + "' but data.data_date is '" + run.dataDate() + "'"));
        }
        return violations;
    }

    private static void checkLength(Map<String, String> attrs, String attribute, int max, List<Violation> violations) {
        String value = attrs.get(attribute);
        if (value != null && value.length() > max) {
            violations.add(new Violation("attributes." + attribute,
                    "must be at most " + max + " characters long, was " + value.length()));
        }
    }

    private static Violation missing(String attribute) {
        return new Violation("attributes." + attribute, "is required");
    }

    /** Convenience for tests and tools: the instant a message claims in {@code ce-time}. */
    public static Instant time(Map<String, String> attributes) {
        return OffsetDateTime.parse(attributes.get(EventAttributes.TIME)).toInstant();
    }
}
