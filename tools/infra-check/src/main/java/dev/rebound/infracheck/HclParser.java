package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Runs HashiCorp's HCL parser (npm {@code @cdktf/hcl2json}, through {@code src/main/node/parse-tf.js}) over a
 * directory tree of {@code .tf} files. A file that does not parse is reported in the result, not thrown.
 */
public final class HclParser {

    private static final long TIMEOUT_SECONDS = 120;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Parse results by relative path and content hash, for the life of the JVM. */
    private static final Map<String, JsonNode> PARSED = new ConcurrentHashMap<>();

    private final Path script;

    public HclParser(Path script) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("HCL parser script not found: " + script);
        }
        Path nodeModules = script.toAbsolutePath().normalize().getParent().getParent().getParent().getParent()
                .resolve("node_modules/@cdktf/hcl2json");
        if (!Files.isDirectory(nodeModules)) {
            throw new IllegalStateException("@cdktf/hcl2json is not installed at " + nodeModules
                    + ": run 'npm ci --no-audit --no-fund' in tools/infra-check (the Maven build does this)");
        }
        this.script = script;
    }

    /** The parser configured by the build ({@code rebound.hcl.parser}). */
    public static HclParser fromSystemProperty() {
        return new HclParser(Path.of(requiredProperty("rebound.hcl.parser")));
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set (run through Maven)");
        }
        return value;
    }

    /** Parses every .tf file under {@code root}. */
    public TerraformModel parse(Path root) {
        return TerraformModel.from(root, parseToJson(root));
    }

    /**
     * Every .tf file under {@code root} as the parser script reports it. A file parsed before in this JVM with the same
     * path and content is taken from memory; node runs only over the rest (a check that breaks one file of a copied
     * tree re-parses that file, not the tree).
     */
    JsonNode parseToJson(Path root) {
        List<String> files = tfFiles(root);
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> unseen = new ArrayList<>();
        for (String file : files) {
            String key = file + '\0' + sha256(root.resolve(file));
            keys.put(file, key);
            if (!PARSED.containsKey(key)) {
                unseen.add(file);
            }
        }
        if (!unseen.isEmpty()) {
            for (JsonNode file : runScript(root, unseen).get("files")) {
                PARSED.put(keys.get(file.get("path").asText()), file);
            }
        }
        ObjectNode result = MAPPER.createObjectNode();
        result.put("root", root.toAbsolutePath().normalize().toString());
        ArrayNode out = result.putArray("files");
        for (String file : files) {
            JsonNode parsed = PARSED.get(keys.get(file));
            if (parsed == null) {
                throw new IllegalStateException("HCL parser returned nothing for " + file);
            }
            out.add(parsed);
        }
        return result;
    }

    /** The .tf files under {@code root} as the script finds them: relative, '/'-separated, dot-entries skipped, sorted. */
    static List<String> tfFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(root::relativize)
                    .filter(rel -> rel.getFileName().toString().endsWith(".tf"))
                    .filter(rel -> StreamSupport.stream(rel.spliterator(), false)
                            .noneMatch(part -> part.toString().startsWith(".")))
                    .map(rel -> rel.toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode runScript(Path root, List<String> files) {
        List<String> command = new ArrayList<>(List.of("node", script.toAbsolutePath().toString(),
                root.toAbsolutePath().toString()));
        command.addAll(files);
        ProcessBuilder builder = new ProcessBuilder(command);
        Path stderr;
        try {
            stderr = Files.createTempFile("hcl2json", ".err");
            builder.redirectError(stderr.toFile());
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("HCL parser did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String errors = Files.readString(stderr, StandardCharsets.UTF_8);
            Files.deleteIfExists(stderr);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("HCL parser failed (exit " + process.exitValue() + "): " + errors);
            }
            return MAPPER.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run node " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while parsing " + root, e);
        }
    }
}
