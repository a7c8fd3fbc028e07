package dev.rebound.pythonclient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Python package's tests with the machine's interpreter ({@code python3}, or {@code REBOUND_PYTHON}), from
 * {@code clients/python} with the package's {@code src} on the path — no installation needed.
 */
final class Python {
    static final Path PACKAGE = Path.of(System.getProperty("user.dir"));
    private static final String HINT = "needs Python >= 3.10 (python3 on PATH, or REBOUND_PYTHON)";

    record Result(int exitCode, String output) {
    }

    private Python() {
    }

    static String interpreter() {
        String configured = System.getenv("REBOUND_PYTHON");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    /** Skips the calling test, saying what to install, when no suitable interpreter exists. */
    static void assumeAvailable() {
        boolean usable;
        try {
            Process p = new ProcessBuilder(interpreter(), "-c", "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)")
                    .redirectErrorStream(true).start();
            usable = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            usable = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            usable = false;
        }
        if (!usable) {
            System.err.println("Python client tests: SKIPPED (" + HINT + ")");
        }
        Assumptions.assumeTrue(usable, HINT);
    }

    /** {@code python -m unittest discover -s <tests>}, output also written to {@code log}. */
    static Result unittest(String tests, Map<String, String> environment, Path log) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(interpreter(), "-m", "unittest", "discover", "-s", tests, "-v"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(PACKAGE.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PYTHONPATH", PACKAGE.resolve("src").toString());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().putAll(environment);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 minutes; see " + log);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
