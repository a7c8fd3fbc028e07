package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls an environment makes to one of Rebound's modules, and what a module's {@code var.x} is in such a call:
 * the argument the call passes, else the variable's default. Lets a check hold a module's resources to the values
 * an environment actually gives them (e.g. the instance's max_connections flag is {@code var.max_connections},
 * which envs/prod passes as 200).
 */
final class ModuleInputs {

    private static final Pattern WHOLE_VARIABLE = Pattern.compile("^\\$\\{var\\.([A-Za-z0-9_-]+)}$");
    private static final Pattern WHOLE_LOCAL = Pattern.compile("^\\$\\{local\\.([A-Za-z0-9_-]+)}$");

    private ModuleInputs() {
    }

    /** The calls {@code env} makes to the module in directory {@code moduleDir}, by call name. */
    static Map<String, Block> calls(TerraformModel model, TerraformModule env, String moduleDir) {
        Map<String, Block> calls = new LinkedHashMap<>();
        env.moduleCalls().forEach((name, call) -> Hcl.literalString(call.body().get("source"))
                .filter(source -> source.startsWith(".") && model.sourceDir(env, source).equals(moduleDir))
                .ifPresent(source -> calls.put(name, call)));
        return calls;
    }

    /**
     * What an attribute of {@code module} is when {@code call} uses the module: an expression that is exactly
     * {@code ${var.x}} becomes the call's argument x, or x's default; anything else is returned as written.
     */
    static JsonNode resolve(TerraformModule module, Block call, JsonNode value) {
        if (value == null || !value.isTextual()) {
            return value;
        }
        Matcher m = WHOLE_VARIABLE.matcher(value.asText());
        if (!m.matches()) {
            return value;
        }
        return module.variables().containsKey(m.group(1)) ? argument(module, call, m.group(1)) : value;
    }

    /** Variable {@code variable} of {@code module} in {@code call}: the argument passed, else the default (or null). */
    static JsonNode argument(TerraformModule module, Block call, String variable) {
        if (call != null && call.body().has(variable)) {
            return call.body().get(variable);
        }
        Block declaration = module.variables().get(variable);
        return declaration == null ? null : declaration.body().get("default");
    }

    /** The text of an expression, with an expression that is exactly {@code ${local.x}} replaced by x's. */
    static String expandLocal(TerraformModule module, JsonNode value) {
        String text = Hcl.normalized(value);
        Matcher m = WHOLE_LOCAL.matcher(text);
        if (m.matches() && module.locals().containsKey(m.group(1))) {
            return Hcl.normalized(module.locals().get(m.group(1)).body());
        }
        return text;
    }

    /** A number written literally, or as a string of digits (Cloud SQL flags are strings). */
    static Optional<Integer> literalNumber(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            return Optional.of(node.asInt());
        }
        return Hcl.literalString(node).filter(s -> s.matches("\\d+")).map(Integer::valueOf);
    }
}
