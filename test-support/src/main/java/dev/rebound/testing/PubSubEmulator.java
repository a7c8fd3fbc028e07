package dev.rebound.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PubSubEmulatorContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The official Pub/Sub emulator for tests and the local mesh, found in this order: {@code PUBSUB_EMULATOR_HOST}
 * (already running); the emulator jar from {@code PUBSUB_EMULATOR_JAR} or the installed Google Cloud CLI, started
 * on a free port; Testcontainers' emulator container when a Docker engine answers. One per JVM, stopped at exit.
 */
public final class PubSubEmulator {
    public static final String INSTALL_HINT = "no Pub/Sub emulator: install the Google Cloud CLI with its "
            + "pubsub-emulator component (gcloud components install pubsub-emulator, or apt install "
            + "google-cloud-cli-pubsub-emulator), or set PUBSUB_EMULATOR_JAR to the emulator jar, or "
            + "PUBSUB_EMULATOR_HOST to a running emulator, or start a Docker engine";
    private static final String CONTAINER_IMAGE = "gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators";

    private static PubSubEmulator shared;
    private static String unavailableReason;

    private final String hostPort;
    private final String how;
    private final Process process;
    private final PubSubEmulatorContainer container;

    private PubSubEmulator(String hostPort, String how, Process process, PubSubEmulatorContainer container) {
        this.hostPort = hostPort;
        this.how = how;
        this.process = process;
        this.container = container;
    }

    /** host:port to give the Pub/Sub client (and PUBSUB_EMULATOR_HOST). */
    public String hostPort() {
        return hostPort;
    }

    /** How this emulator was obtained, for logs. */
    public String how() {
        return how;
    }

    /** The shared emulator, started on first use; empty (with {@link #unavailableReason()}) when none exists. */
    public static synchronized Optional<PubSubEmulator> shared() {
        if (shared == null && unavailableReason == null) {
            try {
                shared = locateAndStart();
                PubSubEmulator started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "pubsub-emulator-stop"));
            } catch (EmulatorUnavailableException e) {
                unavailableReason = e.getMessage();
            }
        }
        return Optional.ofNullable(shared);
    }

    public static synchronized String unavailableReason() {
        return unavailableReason;
    }

    /** The emulator jar this machine has, if any. */
    public static Optional<Path> findJar() {
        String env = System.getenv("PUBSUB_EMULATOR_JAR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> roots = new ArrayList<>();
        gcloudSdkRoot().ifPresent(roots::add);
        for (String r : List.of("/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk", "/opt/google-cloud-sdk",
                System.getProperty("user.home") + "/google-cloud-sdk", "/google-cloud-sdk")) {
            roots.add(Path.of(r));
        }
        for (Path root : roots) {
            File lib = root.resolve("platform/pubsub-emulator/lib").toFile();
            File[] jars = lib.listFiles((dir, name) -> name.startsWith("cloud-pubsub-emulator") && name.endsWith(".jar"));
            if (jars != null && jars.length > 0) {
                return Arrays.stream(jars).map(File::toPath).max(Comparator.naturalOrder());
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> gcloudSdkRoot() {
        try {
            Process p = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
                    .redirectErrorStream(false).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static PubSubEmulator locateAndStart() {
        String host = System.getenv("PUBSUB_EMULATOR_HOST");
        if (host != null && !host.isBlank()) {
            awaitReady(host, Duration.ofSeconds(30), null);
            return new PubSubEmulator(host, "PUBSUB_EMULATOR_HOST=" + host, null, null);
        }
        Optional<Path> jar = findJar();
        if (jar.isPresent()) {
            return startJar(jar.get());
        }
        if (dockerAnswers()) {
            PubSubEmulatorContainer container = new PubSubEmulatorContainer(DockerImageName.parse(CONTAINER_IMAGE));
            container.start();
            return new PubSubEmulator(container.getEmulatorEndpoint(), "Testcontainers " + CONTAINER_IMAGE, null,
                    container);
        }
        throw new EmulatorUnavailableException(INSTALL_HINT);
    }

    private static PubSubEmulator startJar(Path jar) {
        int port = freePort();
        String hostPort = "127.0.0.1:" + port;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path log = Files.createTempFile("pubsub-emulator-", ".log");
            Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--host=127.0.0.1",
                    "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            awaitReady(hostPort, Duration.ofSeconds(60), process);
            return new PubSubEmulator(hostPort, "emulator jar " + jar + " (log " + log + ")", process, null);
        } catch (IOException e) {
            throw new EmulatorUnavailableException("cannot start the emulator jar " + jar + ": " + e.getMessage());
        }
    }

    private static void awaitReady(String hostPort, Duration timeout, Process process) {
        Instant deadline = Instant.now().plus(timeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI probe = URI.create("http://" + hostPort + "/v1/projects/readiness-probe/topics");
        String[] parts = hostPort.split(":");
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new EmulatorUnavailableException("the emulator exited with status " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 500);
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe).GET()
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmulatorUnavailableException("interrupted waiting for the emulator");
            }
        }
        throw new EmulatorUnavailableException("the emulator at " + hostPort + " did not answer within " + timeout);
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        if (container != null) {
            container.stop();
        }
    }

    static final class EmulatorUnavailableException extends RuntimeException {
        EmulatorUnavailableException(String message) {
            super(message);
        }
    }
}
