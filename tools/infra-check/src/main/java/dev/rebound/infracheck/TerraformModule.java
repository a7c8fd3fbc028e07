package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The declarations of one Terraform module (one directory), merged over its .tf files. */
public final class TerraformModule {

    /** A traversal found in an expression: the file, the attribute path it sits in, and the traversal itself. */
    public record Reference(String file, String path, String value) {
    }

    /** A declared block with the file it is in: {@code body} is the block's attributes and nested blocks. */
    public record Block(String file, JsonNode body) {
    }

    private final String dir;
    private final Map<String, Block> variables = new LinkedHashMap<>();
    private final Map<String, Block> locals = new LinkedHashMap<>();
    private final Map<String, Block> outputs = new LinkedHashMap<>();
    private final Map<String, Block> moduleCalls = new LinkedHashMap<>();
    private final Map<String, Map<String, Block>> resources = new LinkedHashMap<>();
    private final Map<String, Map<String, Block>> dataSources = new LinkedHashMap<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    TerraformModule(String dir) {
        this.dir = dir;
    }

    void add(String file, JsonNode body, JsonNode refs) {
        files.add(file);
        named(body.get("variable"), file, variables);
        named(body.get("output"), file, outputs);
        named(body.get("module"), file, moduleCalls);
        typed(body.get("resource"), file, resources);
        typed(body.get("data"), file, dataSources);
        JsonNode localBlocks = body.get("locals");
        if (localBlocks != null) {
            for (JsonNode block : localBlocks) {
                block.fields().forEachRemaining(e -> locals.put(e.getKey(), new Block(file, e.getValue())));
            }
        }
        for (JsonNode ref : refs) {
            references.add(new Reference(file, ref.get("path").asText(), ref.get("reference").asText()));
        }
    }

    private static void named(JsonNode node, String file, Map<String, Block> into) {
        if (node != null) {
            node.fields().forEachRemaining(e -> into.put(e.getKey(), new Block(file, Hcl.body(e.getValue()))));
        }
    }

    private static void typed(JsonNode node, String file, Map<String, Map<String, Block>> into) {
        if (node == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> types = node.fields(); types.hasNext();) {
            Map.Entry<String, JsonNode> type = types.next();
            named(type.getValue(), file, into.computeIfAbsent(type.getKey(), k -> new LinkedHashMap<>()));
        }
    }

    /** Directory relative to the parsed root, e.g. {@code envs/prod} or {@code modules/pubsub-topic}. */
    public String dir() {
        return dir;
    }

    public List<String> files() {
        return Collections.unmodifiableList(files);
    }

    public Map<String, Block> variables() {
        return Collections.unmodifiableMap(variables);
    }

    public Map<String, Block> locals() {
        return Collections.unmodifiableMap(locals);
    }

    public Map<String, Block> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    public Map<String, Block> moduleCalls() {
        return Collections.unmodifiableMap(moduleCalls);
    }

    /** Resources by type, then name. */
    public Map<String, Map<String, Block>> resources() {
        return Collections.unmodifiableMap(resources);
    }

    public Map<String, Block> resources(String type) {
        return Collections.unmodifiableMap(resources.getOrDefault(type, Map.of()));
    }

    public Optional<Block> resource(String type, String name) {
        return Optional.ofNullable(resources.getOrDefault(type, Map.of()).get(name));
    }

    public Map<String, Map<String, Block>> dataSources() {
        return Collections.unmodifiableMap(dataSources);
    }

    public List<Reference> references() {
        return Collections.unmodifiableList(references);
    }

    @Override
    public String toString() {
        return dir;
    }
}
