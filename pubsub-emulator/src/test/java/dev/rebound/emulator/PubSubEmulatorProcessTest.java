package dev.rebound.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness against a real HTTP server standing in for an emulator that is up but not serving yet; the command that
 * starts this machine's emulator jar.
 */
class PubSubEmulatorProcessTest {
    private final AtomicInteger probes = new AtomicInteger();
    private HttpServer server;

    private String serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            probes.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anEmulatorThatAnswersButIsNotReadyIsProbedAtAPaceNotInASpin() throws IOException {
        String hostPort = serve(503);
        Duration timeout = Duration.ofSeconds(2);

        assertThatThrownBy(() -> PubSubEmulatorProcess.awaitReady(hostPort, timeout, null))
                .isInstanceOf(EmulatorUnavailableException.class)
                .hasMessageContaining(hostPort).hasMessageContaining("HTTP 503");
        // one probe per pause at most (plus the first): a loop without a pause sends hundreds in a second
        long most = timeout.toMillis() / PubSubEmulatorProcess.PROBE_PAUSE.toMillis() + 1;
        assertThat(probes.get()).isPositive().isLessThanOrEqualTo((int) most);
    }

    @Test
    void aServingEmulatorIsReadyAtTheFirstProbe() throws IOException {
        String hostPort = serve(200);

        PubSubEmulatorProcess.awaitReady(hostPort, Duration.ofSeconds(5), null);

        assertThat(probes.get()).isEqualTo(1);
    }

    @Test
    void anEmulatorProcessThatExitedEndsTheWaitWithItsStatus() throws Exception {
        Process exited = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").start();
        exited.waitFor();

        assertThatThrownBy(() -> PubSubEmulatorProcess.awaitReady("127.0.0.1:" + PubSubEmulatorProcess.freePort(),
                Duration.ofSeconds(5), exited)).isInstanceOf(EmulatorUnavailableException.class)
                .hasMessageContaining("exited with status 0");
    }

    @Test
    void everyStartOfOneEmulatorJarHasTheSameClassPathSoThatItsClassDataArchiveHolds(@TempDir Path classData) {
        Path jar = PubSubEmulatorFinder.onThisMachine().jar().orElse(null);
        assumeTrue(jar != null, "no emulator jar on this machine");

        List<String> first = PubSubEmulatorProcess.command(jar, 8085, classData);
        List<String> second = PubSubEmulatorProcess.command(jar, 8085, classData);

        assertThat(first).as("the first start records").anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(second).as("one start records at a time").noneMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit=")
                || f.startsWith("-XX:SharedArchiveFile="));
        assertThat(classPath(second)).isEqualTo(classPath(first));
    }

    private static String classPath(List<String> command) {
        int cp = command.indexOf("-cp");
        return cp >= 0 ? command.get(cp + 1) : command.get(command.indexOf("-jar") + 1);
    }
}
