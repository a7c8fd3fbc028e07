package dev.rebound.pythonclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python package's own unit tests (no network): the schema validator, the vendored schemas equal to
 * shared-events', the envelope, trigger parsing, the run lifecycle and publish retries.
 */
class PythonUnitTest {
    @Test
    void thePythonUnitTestsPass() throws Exception {
        Python.assumeAvailable();
        Python.Result result = Python.unittest("tests/unit", Map.of(), Path.of("target", "python-unit-tests.log"));
        assertThat(result.exitCode()).as("python -m unittest discover -s tests/unit:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("OK").doesNotContain("skipped");
    }
}
