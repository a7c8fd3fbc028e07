package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rebound.events.codec.ContractBounds;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Json;
import dev.rebound.events.internal.BackfillStepDone;
import java.io.IOException;
import java.io.InputStream;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every string and array of every event type is bounded, with the contract's bound for its kind of field, and the
 * codec holds each bound exactly: the golden fixture with a value at its bound decodes, one over is refused naming
 * the field and the bound. The fixtures hold every bounded field, so every bound is exercised.
 */
class ContractBoundsTest {
    /** Data limit lifted so that an over-long array is refused for its item count, not for its bytes. */
    private final EventCodec codec = new EventCodec(64 * 1024 * 1024);

    /** A free string or an array in a fixture's data, by its steps (field names and indices) from the root. */
    private record Slot(List<Object> steps, boolean array, int max) {
        String path() {
            StringBuilder p = new StringBuilder("data");
            steps.forEach(s -> p.append(s instanceof Integer i ? "[" + i + "]" : "." + s));
            return p.toString();
        }

        String generic() {
            return path().replaceAll("\\[\\d+]", "[]");
        }
    }

    /** What a schema declares and what its fixture exercises. */
    private static final class Walk {
        final Set<String> unbounded = new LinkedHashSet<>();
        final Set<String> declared = new LinkedHashSet<>();
        final List<Slot> exercised = new ArrayList<>();

        void visit(JsonNode schema, JsonNode data, List<Object> steps) {
            String type = schema.path("type").asText();
            String generic = new Slot(steps, false, 0).generic();
            if (type.equals("object")) {
                schema.path("properties").fields().forEachRemaining(p -> visit(p.getValue(),
                        data == null ? null : data.get(p.getKey()), append(steps, p.getKey())));
            } else if (type.equals("array")) {
                bounded(schema, "maxItems", generic, data instanceof ArrayNode a && !a.isEmpty(), steps, true);
                if (data instanceof ArrayNode array && !array.isEmpty()) {
                    for (int i = 0; i < array.size(); i++) {
                        visit(schema.path("items"), array.get(i), append(steps, i));
                    }
                } else {
                    visit(schema.path("items"), null, append(steps, 0));
                }
            } else if (type.equals("string") && !schema.has("enum")) {
                if (schema.has("format")) {
                    // dates and timestamps are bounded too, but held by their format rather than exercised here
                    if (!schema.has("maxLength")) {
                        unbounded.add(generic);
                    }
                } else {
                    bounded(schema, "maxLength", generic, data != null && data.isTextual(), steps, false);
                }
            }
        }

        private void bounded(JsonNode schema, String keyword, String generic, boolean present, List<Object> steps,
                boolean array) {
            if (!schema.has(keyword)) {
                unbounded.add(generic);
                return;
            }
            declared.add(generic);
            if (present && exercised.stream().noneMatch(s -> s.generic().equals(generic))) {
                exercised.add(new Slot(steps, array, schema.get(keyword).asInt()));
            }
        }

        private static List<Object> append(List<Object> steps, Object step) {
            List<Object> next = new ArrayList<>(steps);
            next.add(step);
            return next;
        }
    }

    private static JsonNode schema(EventType type) throws IOException {
        try (InputStream in = ContractBoundsTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            return Json.mapper().readTree(in);
        }
    }

    private static Walk walk(EventType type, JsonNode data) throws IOException {
        Walk walk = new Walk();
        walk.visit(schema(type), data, List.of());
        return walk;
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyStringAndArrayOfTheSchemaHasABoundAndItsFixtureHoldsEachOne(EventType type) throws IOException {
        Walk walk = walk(type, Fixtures.v1(type.ceType()).data());

        assertThat(walk.unbounded).as("unbounded strings and arrays of " + type.ceType()).isEmpty();
        assertThat(walk.exercised).extracting(Slot::generic).as("bounded fields in the golden fixture")
                .containsExactlyInAnyOrderElementsOf(walk.declared);
    }

    @ParameterizedTest
    @ValueSource(strings = {"processor", "scraper", "phase", "root_processor", "team_abbr", "home_team", "away_team",
            "input", "kind", "check"})
    void namesHaveTheNameBound(String field) throws IOException {
        assertEveryFieldNamed(field, ContractBounds.NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run_id", "backfill_id", "plan_id", "step_id", "game_id"})
    void idsHaveTheIdBound(String field) throws IOException {
        assertEveryFieldNamed(field, ContractBounds.ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"message", "detail"})
    void textsHaveTheTextBound(String field) throws IOException {
        assertEveryFieldNamed(field, ContractBounds.TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "state"})
    void codesHaveTheCodeBound(String field) throws IOException {
        assertEveryFieldNamed(field, ContractBounds.CODE);
    }

    private static void assertEveryFieldNamed(String field, int bound) throws IOException {
        int seen = 0;
        for (EventType type : EventType.values()) {
            for (JsonNode property : propertiesNamed(schema(type), field, new ArrayList<>())) {
                if (property.path("type").asText().equals("string") && !property.has("enum")) {
                    assertThat(property.path("maxLength").asInt()).as(type.ceType() + " " + field).isEqualTo(bound);
                    seen++;
                }
            }
        }
        assertThat(seen).as("schemas with a field " + field).isPositive();
    }

    /** Every property of that name at any depth (Jackson's findParents stops at the first level that has one). */
    private static List<JsonNode> propertiesNamed(JsonNode schema, String field, List<JsonNode> found) {
        if (schema.isMissingNode()) {
            return found;
        }
        JsonNode property = schema.path("properties").get(field);
        if (property != null) {
            found.add(property);
        }
        schema.path("properties").forEach(p -> propertiesNamed(p, field, found));
        propertiesNamed(schema.path("items"), field, found);
        return found;
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void aValueAtItsBoundPassesAndOneOverIsRefusedNamingTheBound(EventType type) throws IOException {
        Fixtures.Fixture fixture = Fixtures.v1(type.ceType());
        for (Slot slot : walk(type, fixture.data()).exercised) {
            decode(fixture, resized(fixture.data(), slot, slot.max()));

            ObjectNode over = resized(fixture.data(), slot, slot.max() + 1);
            String bound = "at most " + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(slot.max())
                    + (slot.array() ? " items" : " characters");
            assertThatThrownBy(() -> decode(fixture, over)).as(slot.path())
                    .isInstanceOf(EventValidationException.class)
                    .satisfies(e -> assertThat(((EventValidationException) e).violations()).anySatisfy(v -> {
                        assertThat(v.path()).isEqualTo(slot.path());
                        assertThat(v.reason()).contains(bound);
                    }));
        }
    }

    @Test
    void theIdAttributesHaveTheIdBound() {
        Fixtures.Fixture started = Fixtures.v1(EventType.PROCESSOR_STARTED.ceType());
        for (String attribute : List.of(EventAttributes.ID, EventAttributes.CORRELATION_ID)) {
            codec.decode(started.dataBytes(), started.withAttribute(attribute, "i".repeat(ContractBounds.ID))
                    .attributes());
            Fixtures.Fixture over = started.withAttribute(attribute, "i".repeat(ContractBounds.ID + 1));
            assertThatThrownBy(() -> codec.decode(over.dataBytes(), over.attributes()))
                    .isInstanceOf(EventValidationException.class)
                    .hasMessageContaining("attributes." + attribute + ": must be at most 256 characters long");
        }
    }

    @Test
    void textReboundComposesIsCutToTheBoundSoItsEventsAlwaysEncode() {
        String longFailure = "Traceback (most recent call last):\n" + "  frame\n".repeat(2000);
        Fixtures.Fixture fixture = Fixtures.v1(EventType.BACKFILL_STEP_DONE.ceType());
        BackfillStepDone done = (BackfillStepDone) codec.decode(fixture.dataBytes(), fixture.attributes()).data();

        BackfillStepDone composed = new BackfillStepDone(done.planId(), done.stepId(),
                done.processor(), done.dataDate(), done.attempt(), done.outcome(), done.doneAt(), done.degraded(),
                List.of(new Cause(done.processor(), done.dataDate(), "failed", "error: " + longFailure)),
                done.runId(), "failed: " + longFailure);

        assertThat(composed.detail()).hasSize(ContractBounds.TEXT).endsWith("…").startsWith("failed: Traceback");
        assertThat(composed.causeChain().get(0).detail()).hasSize(ContractBounds.TEXT);
        codec.encode(Event.of("//rebound/test", done.doneAt(), composed, null));
    }

    /** A copy of the data with the slot's string made exactly {@code size} characters, or its array that many items. */
    private static ObjectNode resized(ObjectNode data, Slot slot, int size) {
        ObjectNode copy = data.deepCopy();
        JsonNode parent = copy;
        List<Object> steps = slot.steps();
        for (Object step : steps.subList(0, steps.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = steps.get(steps.size() - 1);
        JsonNode target = last instanceof Integer i ? parent.get(i) : parent.get((String) last);
        if (slot.array()) {
            ArrayNode array = (ArrayNode) target;
            JsonNode first = array.get(0);
            array.removeAll();
            for (int n = 0; n < size; n++) {
                array.add(first.deepCopy());
            }
        } else {
            // keep the value's shape where the schema has a pattern: a gs:// path stays one
            String prefix = target.asText().startsWith("gs://") ? "gs://bucket/" : "";
            TextNode text = TextNode.valueOf(prefix + "x".repeat(size - prefix.length()));
            if (last instanceof Integer i) {
                ((ArrayNode) parent).set(i, text);
            } else {
                ((ObjectNode) parent).set((String) last, text);
            }
        }
        return copy;
    }

    /** Decodes the data with the fixture's attributes, the routing attribute kept equal to the field it mirrors. */
    private void decode(Fixtures.Fixture fixture, ObjectNode data) {
        Fixtures.Fixture f = new Fixtures.Fixture(fixture.attributes(), data);
        if (fixture.attributes().containsKey(EventAttributes.PROCESSOR)) {
            f = f.withAttribute(EventAttributes.PROCESSOR, data.path("processor").asText());
        }
        codec.decode(f.dataBytes(), f.attributes());
    }
}
