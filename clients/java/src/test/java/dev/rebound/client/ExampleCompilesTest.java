package dev.rebound.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The example processor (examples/, a single-file program) compiles against the client as it is today. */
class ExampleCompilesTest {
    @Test
    void theExampleProcessorCompilesAgainstTheClient() throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path out = Files.createDirectories(Path.of("target", "example-classes"));
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null,
                List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "-Xlint:all",
                        "-Werror"),
                null, compiler.getStandardFileManager(null, null, null)
                        .getJavaFileObjects(Path.of("examples", "PlayerGameSummaryExample.java"))).call();
        assertThat(compiled).as("javac examples/PlayerGameSummaryExample.java:%n%s", errors).isTrue();
    }
}
