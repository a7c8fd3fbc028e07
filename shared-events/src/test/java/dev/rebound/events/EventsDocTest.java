package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/events.md is the contract for processor authors: it must name every topic, subscription and type. */
class EventsDocTest {
    private static String doc() throws IOException {
        return Files.readString(Path.of("..", "docs", "events.md"));
    }

    @Test
    void everyTopicSubscriptionAndTypeOfTheCatalogIsDocumented() throws IOException {
        String doc = doc();
        TopicCatalog catalog = TopicCatalog.load();
        for (TopicCatalog.Topic topic : catalog.topics()) {
            assertThat(doc).as("topic " + topic.name()).contains("`" + topic.name() + "`");
            topic.eventTypes().forEach(t -> assertThat(doc).as("type " + t).contains("`" + t + "`"));
            topic.subscriptions().forEach(s -> assertThat(doc).as("subscription " + s.name())
                    .contains("`" + s.name() + "`"));
        }
    }

    @Test
    void everyEventTypeHasItsOwnSection() throws IOException {
        String doc = doc();
        for (EventType type : EventType.values()) {
            assertThat(doc).as(type.ceType()).contains("### `" + type.ceType() + "`");
        }
    }

    /** Each bounded string and array of a schema: its row in that type's field table states the bound. */
    @Test
    void everyBoundOfEverySchemaIsInItsFieldTable() throws IOException {
        String doc = doc();
        for (EventType type : EventType.values()) {
            String heading = "### `" + type.ceType() + "`";
            int start = doc.indexOf(heading);
            int end = doc.indexOf("\n### ", start + heading.length());
            String section = doc.substring(start, end < 0 ? doc.length() : end);
            JsonNode schema;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
                schema = Json.mapper().readTree(in);
            }
            Map<String, String> bounds = new LinkedHashMap<>();
            bounds(schema, "", bounds);
            bounds.forEach((field, bound) -> assertThat(section.lines()
                    .filter(l -> l.startsWith("| `" + field + "` |")).findFirst())
                    .as(type.ceType() + " " + field).hasValueSatisfying(row -> assertThat(row).contains(bound)));
        }
    }

    private static void bounds(JsonNode schema, String path, Map<String, String> out) {
        switch (schema.path("type").asText()) {
            case "object" -> schema.path("properties").fields().forEachRemaining(p ->
                    bounds(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), out));
            case "array" -> {
                JsonNode items = schema.path("items");
                String each = items.has("maxLength") && !items.has("format")
                        ? "(each ≤ " + items.get("maxLength").asInt() + " chars), " : "";
                out.put(path, each + "≤ " + schema.path("maxItems").asInt() + " items");
                if (items.path("type").asText().equals("object")) {
                    bounds(items, path + "[]", out);
                }
            }
            case "string" -> {
                if (!schema.has("enum") && !schema.has("format")) {
                    out.put(path, "≤ " + schema.path("maxLength").asInt() + " chars");
                }
            }
            default -> {
            }
        }
    }

    @Test
    void everyCloudEventsAttributeIsDocumented() throws IOException {
        String doc = doc();
        for (String attribute : new String[] {EventAttributes.SPEC_VERSION, EventAttributes.ID, EventAttributes.SOURCE,
                EventAttributes.TYPE, EventAttributes.TIME, EventAttributes.CONTENT_TYPE, EventAttributes.PROCESSOR,
                EventAttributes.DATA_DATE, EventAttributes.CORRELATION_ID, EventAttributes.REPLAY}) {
            assertThat(doc).as(attribute).contains("`" + attribute + "`");
        }
    }
}
