package dev.rebound.heartbeattracker;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, as a deployment runs
 * it: local profile, its own H2 file, the emulator, a scenario clock whose anchor is fixed so that sim time runs on
 * across a restart.
 */
final class TrackerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;

    TrackerProcess(int port, Path h2, String emulatorHost, String project, Instant simStart, Instant anchor,
            double speed, Path log) {
        this(port, h2, emulatorHost, project, simStart, anchor, speed, log, List.of("-Xmx256m"));
    }

    /** {@code jvmOptions}: heap and system properties, e.g. the production token checks. */
    TrackerProcess(int port, Path h2, String emulatorHost, String project, Instant simStart, Instant anchor,
            double speed, Path log, List<String> jvmOptions) {
        this.port = port;
        this.log = log;
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the package phase first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.profile=local",
                "-Dquarkus.http.port=" + port, "-Drebound.h2.path=" + h2,
                "-Drebound.pubsub.project-id=" + project, "-Drebound.pubsub.emulator-host=" + emulatorHost,
                "-Drebound.clock.mode=scenario", "-Drebound.clock.start=" + simStart,
                "-Drebound.clock.anchor=" + anchor, "-Drebound.clock.speed=" + speed,
                "-jar", jar.toString()));
    }

    /** Starts the process and waits until readiness (warehouse and Pub/Sub) answers UP. */
    TrackerProcess start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(this::ready);
        return this;
    }

    /** kill -9: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A GET with an {@code Authorization} header, for when the token checks are on. */
    String get(String path, String authorization) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("heartbeat-tracker exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
