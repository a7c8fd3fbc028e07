package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reading hcl2json output: literals come back as JSON values, expressions as {@code "${...}"} strings. */
public final class Hcl {

    private Hcl() {
    }

    /** A string written literally in the configuration (no interpolation). */
    public static Optional<String> literalString(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().contains("${")) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** A number written literally in the configuration. */
    public static Optional<Integer> literalInt(JsonNode node) {
        return node != null && node.isIntegralNumber() ? Optional.of(node.asInt()) : Optional.empty();
    }

    public static boolean isExpression(JsonNode node) {
        return node != null && node.isTextual() && node.asText().contains("${");
    }

    /**
     * The expression as written, without whitespace: two equal results name the same value in one module. A list
     * or object (e.g. {@code depends_on}) comes back as its JSON text.
     */
    public static String normalized(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return (node.isContainerNode() ? node.toString() : node.asText()).replaceAll("\\s+", "");
    }

    /** Whether an expression mentions a traversal such as {@code each.value.service}. */
    public static boolean mentions(JsonNode node, String traversal) {
        return node != null && normalized(node).contains(traversal.replaceAll("\\s+", ""));
    }

    /** hcl2json wraps every block body in a one-element array. */
    public static JsonNode body(JsonNode block) {
        return block != null && block.isArray() && block.size() == 1 ? block.get(0) : block;
    }

    /** Attribute {@code name} of a block body, through its array wrapper. */
    public static JsonNode attr(JsonNode block, String name) {
        JsonNode body = body(block);
        return body == null ? null : body.get(name);
    }

    /** A nested block (also found under {@code dynamic "name" { content { ... } }}). */
    public static Optional<JsonNode> nestedBlock(JsonNode block, String name) {
        JsonNode body = body(block);
        if (body == null) {
            return Optional.empty();
        }
        if (body.has(name)) {
            return Optional.of(body(body.get(name)));
        }
        JsonNode dynamic = body(body.get("dynamic"));
        if (dynamic != null && dynamic.has(name)) {
            return Optional.ofNullable(body(attr(dynamic.get(name), "content")));
        }
        return Optional.empty();
    }

    /** The {@code for_each} of {@code dynamic "name"}, if the block is dynamic. */
    public static Optional<JsonNode> dynamicForEach(JsonNode block, String name) {
        JsonNode dynamic = body(attr(block, "dynamic"));
        return dynamic != null && dynamic.has(name) ? Optional.ofNullable(attr(dynamic.get(name), "for_each"))
                : Optional.empty();
    }
}
