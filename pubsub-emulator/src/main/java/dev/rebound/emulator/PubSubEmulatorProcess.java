package dev.rebound.emulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting the emulator jar and knowing when it serves. */
public final class PubSubEmulatorProcess {
    /** Between two readiness probes, whatever the last one answered. */
    static final Duration PROBE_PAUSE = Duration.ofMillis(100);

    private PubSubEmulatorProcess() {
    }

    /** The command that runs the emulator jar on 127.0.0.1:port with this JVM's java, in a small heap. */
    public static List<String> command(Path jar, int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--host=127.0.0.1",
                "--port=" + port);
    }

    /**
     * Waits until the emulator at host:port answers its REST API, probing every {@link #PROBE_PAUSE}.
     *
     * @param process the emulator's process when this JVM started it (its exit ends the wait), or null
     * @throws EmulatorUnavailableException when it exits or does not answer within the timeout
     */
    public static void awaitReady(String hostPort, Duration timeout, Process process) {
        Instant deadline = Instant.now().plus(timeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI probe = URI.create("http://" + hostPort + "/v1/projects/readiness-probe/topics");
        String lastAnswer = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new EmulatorUnavailableException("the emulator exited with status " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe).GET()
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode();
            } catch (IOException notYet) {
                lastAnswer = notYet.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmulatorUnavailableException("interrupted waiting for the emulator at " + hostPort);
            }
            pause();
        }
        throw new EmulatorUnavailableException("the emulator at " + hostPort + " did not answer within " + timeout
                + " (last: " + lastAnswer + ")");
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(PROBE_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
