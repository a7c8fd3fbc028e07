package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every module under a Terraform root (e.g. {@code infra/}), as parsed by {@link HclParser}. */
public final class TerraformModel {

    /** A .tf file that HashiCorp's parser rejected, with the parser's message (line and column). */
    public record ParseError(String file, String message) {
    }

    private final Path root;
    private final Map<String, TerraformModule> modules;
    private final List<ParseError> parseErrors;

    private TerraformModel(Path root, Map<String, TerraformModule> modules, List<ParseError> parseErrors) {
        this.root = root;
        this.modules = modules;
        this.parseErrors = parseErrors;
    }

    static TerraformModel from(Path root, JsonNode parsed) {
        Map<String, TerraformModule> modules = new TreeMap<>();
        List<ParseError> errors = new ArrayList<>();
        for (JsonNode file : parsed.get("files")) {
            String path = file.get("path").asText();
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "" : path.substring(0, slash);
            TerraformModule module = modules.computeIfAbsent(dir, TerraformModule::new);
            if (!file.get("error").isNull()) {
                errors.add(new ParseError(path, file.get("error").asText()));
                continue;
            }
            module.add(path, file.get("body"), file.get("references"));
        }
        return new TerraformModel(root, modules, errors);
    }

    public Path root() {
        return root;
    }

    public List<ParseError> parseErrors() {
        return Collections.unmodifiableList(parseErrors);
    }

    public Map<String, TerraformModule> modules() {
        return Collections.unmodifiableMap(modules);
    }

    public Optional<TerraformModule> module(String dir) {
        return Optional.ofNullable(modules.get(dir));
    }

    /** Root configurations: the directories under {@code envs/}. */
    public List<TerraformModule> environments() {
        return modules.values().stream().filter(m -> m.dir().startsWith("envs/")).toList();
    }

    /** The module a call's local {@code source} points at, relative to the calling module. */
    public Optional<TerraformModule> resolveSource(TerraformModule caller, String source) {
        if (!source.startsWith("./") && !source.startsWith("../")) {
            return Optional.empty();
        }
        Path callerDir = Path.of("/", caller.dir());
        String dir = callerDir.resolve(source).normalize().toString().substring(1);
        return module(dir);
    }

    /** The directory (relative to the root) a local module source points at. */
    public String sourceDir(TerraformModule caller, String source) {
        return Path.of("/", caller.dir()).resolve(source).normalize().toString().substring(1);
    }
}
