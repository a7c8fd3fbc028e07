package dev.rebound.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the golden fixtures in src/test/resources/fixtures: {"attributes": {...}, "data": {...}}. */
public final class Fixtures {
    private Fixtures() {
    }

    public record Fixture(Map<String, String> attributes, ObjectNode data) {
        public byte[] dataBytes() {
            return data.toString().getBytes(StandardCharsets.UTF_8);
        }

        public Fixture withAttribute(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(attributes);
            if (value == null) {
                copy.remove(key);
            } else {
                copy.put(key, value);
            }
            return new Fixture(copy, data);
        }
    }

    public static Fixture v1(String ceType) {
        return read("fixtures/v1/" + ceType + ".json");
    }

    public static Fixture read(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource);
            }
            JsonNode root = Json.mapper().readTree(in);
            Map<String, String> attributes = new LinkedHashMap<>();
            root.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            return new Fixture(attributes, (ObjectNode) root.get("data").deepCopy());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
