package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs HashiCorp's HCL parser (npm {@code @cdktf/hcl2json}, through {@code src/main/node/parse-tf.js}) over a
 * directory tree of {@code .tf} files. A file that does not parse is reported in the result, not thrown.
 */
public final class HclParser {

    private static final long TIMEOUT_SECONDS = 120;

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

    JsonNode parseToJson(Path root) {
        ProcessBuilder builder = new ProcessBuilder("node", script.toAbsolutePath().toString(),
                root.toAbsolutePath().toString());
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
            return new ObjectMapper().readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run node " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while parsing " + root, e);
        }
    }
}
