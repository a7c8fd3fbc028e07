package dev.rebound.testing;

import static org.awaitility.Awaitility.await;

import dev.rebound.localjvm.ClassDataSharing;
import dev.rebound.localjvm.LocalJvmFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar} of the module under test, or any given jar) as a
 * separate process, as a deployment runs it: the local profile, a memory cap, its own port and log. For tests that
 * need a real process: kill -9, restart, several instances, an outage of a dependency.
 */
public final class PackagedService implements AutoCloseable {
    public static final Path MODULE_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /**
     * The local mesh's flags ({@link LocalJvmFlags#SERVICE_JVM}: the client compiler only and the serial collector,
     * which on a test machine's few cores start a service with less CPU than the server compiler's background
     * compilation and G1's threads take); a 256 MB heap.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = Stream.concat(LocalJvmFlags.SERVICE_JVM.stream(),
            Stream.of("-Xmx256m")).toList();
    /**
     * The benchmarks' flags: the same heap, but the JVM's default compiler and collector, so that their tables stay
     * comparable with earlier runs (and with the services as deployed).
     */
    public static final List<String> BENCHMARK_JVM_OPTIONS = List.of("-Xmx256m");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Path jar;
    private final Path log;
    private final int port;
    private Process process;
    private boolean started;

    private PackagedService(List<String> command, Path jar, Path log, int port) {
        this.command = command;
        this.jar = jar;
        this.log = log;
        this.port = port;
    }

    /** The module's own packaged jar on {@code port}, with these system properties; not started yet. */
    public static PackagedService of(int port, Path log, Map<String, String> properties) {
        return of(MODULE_JAR, port, log, properties);
    }

    public static PackagedService of(Path jar, int port, Path log, Map<String, String> properties) {
        return of(jar, port, log, properties, DEFAULT_JVM_OPTIONS);
    }

    /**
     * {@code jvmOptions}: the heap and other JVM flags (default {@link #DEFAULT_JVM_OPTIONS}), e.g. the heap and
     * collector as deployed.
     */
    public static PackagedService of(Path jar, int port, Path log, Map<String, String> properties,
            List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the package phase first");
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.profile", "local");
        props.put("quarkus.http.port", Integer.toString(port));
        props.putAll(properties);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return new PackagedService(List.copyOf(command), jar, log, port);
    }

    /** Starts the process without waiting; its log starts empty, and a restart appends to it. */
    public PackagedService start() {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            if (!started) {
                Files.deleteIfExists(log);
                started = true;
            }
            // class-data sharing: decided at each start (a restart maps what the first start recorded)
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(1, ClassDataSharing.flagsFor(jar));
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Starts the process and waits until its readiness answers UP. */
    public PackagedService startReady(Duration within) {
        start();
        awaitReady(within);
        return this;
    }

    public void awaitReady(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            return ready();
        });
    }

    public Process process() {
        return process;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** kill -9: no shutdown hook, no flush — what a crash or an OOM kill does. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean ready() {
        try {
            return get("/q/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with an {@code Authorization} header, for when the token checks are on. */
    public HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Everything the process wrote so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
