package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.infracheck.TerraformModule.Block;
import dev.rebound.infracheck.TerraformModule.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every address used in an expression resolves to a declaration of its own module: {@code var.*} to a variable,
 * {@code local.*} to a local, {@code module.NAME.OUTPUT} to a module call and that module's output, {@code data.*}
 * and resource addresses to their blocks, {@code each.*} to a block with for_each, a dynamic block's iterator to
 * an enclosing dynamic block. Module calls pass only variables the module declares, and all it requires.
 */
final class ReferenceCheck {

    static final String CHECK = "references";

    private static final Set<String> META_ARGUMENTS = Set.of("source", "version", "providers", "depends_on",
            "for_each", "count");
    private static final Set<String> ALWAYS_DEFINED = Set.of("self", "path", "terraform");
    private static final Pattern VARIABLE_TYPE = Pattern.compile("^variable\\.[^.]+\\[0]\\.type$");
    private static final Pattern TOP_BLOCK = Pattern.compile("^(resource|data)\\.([^.]+)\\.([^.\\[]+)\\[0]|^(module)\\.([^.\\[]+)\\[0]");

    private final TerraformModel model;

    ReferenceCheck(TerraformModel model) {
        this.model = model;
    }

    List<Problem> check() {
        List<Problem> problems = new ArrayList<>();
        for (TerraformModule module : model.modules().values()) {
            for (Reference ref : module.references()) {
                if (VARIABLE_TYPE.matcher(ref.path()).matches()) {
                    continue;
                }
                unresolved(module, ref).ifPresent(why -> problems.add(new Problem(CHECK,
                        ref.file() + " " + ref.path(), "'" + ref.value() + "' " + why)));
            }
            problems.addAll(moduleArguments(module));
        }
        return problems;
    }

    private Optional<String> unresolved(TerraformModule module, Reference ref) {
        String[] parts = ref.value().split("\\.");
        String head = parts[0];
        if (ALWAYS_DEFINED.contains(head)) {
            return Optional.empty();
        }
        switch (head) {
            case "var":
                return declared(module.variables(), parts, 1, "variable");
            case "local":
                return declared(module.locals(), parts, 1, "local");
            case "module":
                return moduleOutput(module, parts);
            case "data":
                return parts.length < 3 || !module.dataSources().getOrDefault(parts[1], Map.of()).containsKey(parts[2])
                        ? Optional.of("names no data source declared in " + module.dir())
                        : Optional.empty();
            case "each":
                return topBlockHas(module, ref.path(), "for_each") ? Optional.empty()
                        : Optional.of("is used outside a block with for_each");
            case "count":
                return topBlockHas(module, ref.path(), "count") ? Optional.empty()
                        : Optional.of("is used outside a block with count");
            default:
                if (ref.path().contains(".dynamic." + head + "[")) {
                    return Optional.empty();
                }
                return parts.length < 2 || !module.resources(head).containsKey(parts[1])
                        ? Optional.of("names no resource declared in " + module.dir())
                        : Optional.empty();
        }
    }

    private static Optional<String> declared(Map<String, Block> declarations, String[] parts, int index, String kind) {
        return parts.length > index && declarations.containsKey(parts[index]) ? Optional.empty()
                : Optional.of("names no declared " + kind);
    }

    private Optional<String> moduleOutput(TerraformModule module, String[] parts) {
        if (parts.length < 2 || !module.moduleCalls().containsKey(parts[1])) {
            return Optional.of("names no module call declared in " + module.dir());
        }
        if (parts.length < 3) {
            return Optional.empty();
        }
        Block call = module.moduleCalls().get(parts[1]);
        Optional<String> source = Hcl.literalString(call.body().get("source"));
        if (source.isEmpty() || call.body().has("for_each") || call.body().has("count")) {
            return Optional.empty();
        }
        Optional<TerraformModule> target = model.resolveSource(module, source.get());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        return target.get().outputs().containsKey(parts[2]) ? Optional.empty()
                : Optional.of("names no output of " + target.get().dir());
    }

    private static boolean topBlockHas(TerraformModule module, String path, String meta) {
        Matcher m = TOP_BLOCK.matcher(path);
        if (!m.find()) {
            return false;
        }
        Block block;
        if (m.group(1) != null) {
            Map<String, Map<String, Block>> blocks = m.group(1).equals("resource") ? module.resources()
                    : module.dataSources();
            block = blocks.getOrDefault(m.group(2), Map.of()).get(m.group(3));
        } else {
            block = module.moduleCalls().get(m.group(5));
        }
        return block != null && block.body().has(meta);
    }

    private List<Problem> moduleArguments(TerraformModule module) {
        List<Problem> problems = new ArrayList<>();
        module.moduleCalls().forEach((name, call) -> {
            String where = call.file() + " module." + name;
            Optional<String> source = Hcl.literalString(call.body().get("source"));
            if (source.isEmpty()) {
                problems.add(new Problem(CHECK, where, "has no literal source"));
                return;
            }
            Optional<TerraformModule> target = model.resolveSource(module, source.get());
            if (target.isEmpty()) {
                if (source.get().startsWith(".")) {
                    problems.add(new Problem(CHECK, where, "source " + source.get() + " is not a module under "
                            + model.root()));
                }
                return;
            }
            call.body().fieldNames().forEachRemaining(arg -> {
                if (!META_ARGUMENTS.contains(arg) && !target.get().variables().containsKey(arg)) {
                    problems.add(new Problem(CHECK, where, "passes '" + arg + "', which " + target.get().dir()
                            + " does not declare"));
                }
            });
            target.get().variables().forEach((variable, declaration) -> {
                JsonNode body = declaration.body();
                if (!body.has("default") && !call.body().has(variable)) {
                    problems.add(new Problem(CHECK, where, "does not pass required variable '" + variable + "' of "
                            + target.get().dir()));
                }
            });
        });
        return problems;
    }
}
