package dev.rebound.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.EventType;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalInt;

/** The contract as the client uses it: one shared codec (it compiles every schema once) and the schemas' bounds. */
final class Contract {
    private static volatile EventCodec codec;

    private Contract() {
    }

    static EventCodec codec() {
        EventCodec c = codec;
        if (c == null) {
            synchronized (Contract.class) {
                if (codec == null) {
                    codec = new EventCodec();
                }
                c = codec;
            }
        }
        return c;
    }

    /** The schema's {@code maxLength} of a top-level string field, if it sets one. */
    static OptionalInt maxLength(EventType type, String field) {
        try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("Missing JSON Schema " + type.schemaResource());
            }
            JsonNode bound = Json.mapper().readTree(in).path("properties").path(field).path("maxLength");
            return bound.canConvertToInt() ? OptionalInt.of(bound.asInt()) : OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
