package dev.rebound.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A decoded (or about to be encoded) event: attributes and a typed payload. */
public record Event<T extends EventPayload>(EventAttributes attributes, T data) {

    public EventType type() {
        return EventType.fromCeType(attributes.type()).orElseThrow();
    }

    public String id() {
        return attributes.id();
    }

    /**
     * A new event with a fresh {@code ce-id}, the given source and time; routing attributes come from the
     * payload when it is about one processor run.
     */
    public static <T extends EventPayload> Event<T> of(String source, Instant time, T data, String correlationId) {
        return of(UUID.randomUUID().toString(), source, time, data, correlationId, Map.of());
    }

    public static <T extends EventPayload> Event<T> of(String id, String source, Instant time, T data,
            String correlationId, Map<String, String> extensions) {
        EventType type = EventType.forPayload(data);
        String processor = data instanceof RunScoped run ? run.processor() : null;
        var dataDate = data instanceof RunScoped run ? run.dataDate() : null;
        return new Event<>(new EventAttributes(id, source, type.ceType(), time, null, processor, dataDate,
                correlationId, extensions), data);
    }
}
