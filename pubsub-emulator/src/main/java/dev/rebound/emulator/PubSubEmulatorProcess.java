package dev.rebound.emulator;

import dev.rebound.localjvm.ClassDataSharing;
import dev.rebound.localjvm.LocalPorts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** Starting the emulator jar and knowing when it serves. */
public final class PubSubEmulatorProcess {
    /** Between two readiness probes, whatever the last one answered. */
    static final Duration PROBE_PAUSE = Duration.ofMillis(100);
    private static final String GRPC_API_PATCH = "/dev/rebound/emulator/grpc-api.jar";
    private static final Path CLASS_DATA = Path.of(System.getProperty("java.io.tmpdir"), "rebound-class-data");

    private PubSubEmulatorProcess() {
    }

    /**
     * The command that runs the emulator jar on 127.0.0.1:port with this JVM's java, in a small heap, with a
     * class-data sharing archive (in the temporary directory: the jar's own is not ours to write in) that halves its
     * start-up from the second start on.
     */
    public static List<String> command(Path jar, int port) {
        return command(jar, port, CLASS_DATA);
    }

    static List<String> command(Path jar, int port, Path classData) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Optional<Path> patch = matchingGrpcApi(jar);
        command.addAll(ClassDataSharing.flagsFor(jar, patch.stream().toList(), classData));
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        if (patch.isPresent()) {
            command.addAll(List.of("-cp", patch.get() + File.pathSeparator + jar, mainClass(jar)));
        } else {
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(List.of("--host=127.0.0.1", "--port=" + port));
        return command;
    }

    /**
     * The gRPC API matching the emulator's gRPC core, to go first on its class path, when its bundled API is older
     * than its core (the Cloud SDK's 0.8.20: core 1.68.1). Without it the emulator throws NoSuchMethodError on every
     * stream a client cancels and keeps serving the dead stream as a subscriber; since the Java client closes a
     * streaming pull that stays idle past its keepalive (the emulator never answers the ping), and a killed
     * instance's streams are never closed at all, pulled messages then vanish into dead streams until their lease
     * runs out.
     */
    static Optional<Path> matchingGrpcApi(Path jar) {
        if (!grpcApiOlderThanCore(jar)) {
            return Optional.empty();
        }
        try (InputStream api = PubSubEmulatorProcess.class.getResourceAsStream(GRPC_API_PATCH)) {
            if (api == null) {
                throw new EmulatorUnavailableException(GRPC_API_PATCH + " is missing from the pubsub-emulator module");
            }
            return Optional.of(stablePatch(api.readAllBytes()));
        } catch (IOException e) {
            throw new EmulatorUnavailableException("cannot prepare the emulator jar " + jar + ": " + e.getMessage());
        }
    }

    private static String mainClass(Path jar) {
        try (JarFile emulator = new JarFile(jar.toFile())) {
            return emulator.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        } catch (IOException e) {
            throw new EmulatorUnavailableException("cannot read the emulator jar " + jar + ": " + e.getMessage());
        }
    }

    /**
     * The patch jar at a path named after its content, written once: the class path of every start is the same, so
     * that a class-data archive recorded by one start is valid for the next.
     */
    private static Path stablePatch(byte[] content) throws IOException {
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path patch = Path.of(System.getProperty("java.io.tmpdir"), "rebound-emulator-grpc-api-" + digest + ".jar");
        if (!Files.isRegularFile(patch) || Files.size(patch) != content.length) {
            Path partial = Files.createTempFile(patch.getParent(), "rebound-emulator-grpc-api-", ".part");
            Files.write(partial, content);
            Files.move(partial, patch, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return patch;
    }

    /** Whether the jar's gRPC core calls InternalStatus.asRuntimeException(Status, Metadata, boolean) in vain. */
    private static boolean grpcApiOlderThanCore(Path jar) {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> status = Class.forName("io.grpc.InternalStatus", false, loader);
            Class.forName("io.grpc.internal.ServerImpl", false, loader);
            return Arrays.stream(status.getMethods())
                    .noneMatch(m -> m.getName().equals("asRuntimeException") && m.getParameterCount() == 3);
        } catch (ClassNotFoundException | IOException | LinkageError e) {
            return false;
        }
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

    /** A port nothing listens on right now, for a process about to start: see {@link LocalPorts}. */
    public static int freePort() {
        return LocalPorts.free();
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(PROBE_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
