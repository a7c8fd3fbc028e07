package dev.rebound.emulator;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where the official Pub/Sub emulator is on this machine, in this order: {@code PUBSUB_EMULATOR_HOST} (one already
 * running); the jar named by {@code PUBSUB_EMULATOR_JAR}; the jar of the installed Google Cloud CLI (its SDK root
 * from {@code gcloud info}, then the usual install directories).
 */
public final class PubSubEmulatorFinder {
    public static final String HOST_VARIABLE = "PUBSUB_EMULATOR_HOST";
    public static final String JAR_VARIABLE = "PUBSUB_EMULATOR_JAR";
    public static final String INSTALL_HINT = "no Pub/Sub emulator: install the Google Cloud CLI with its "
            + "pubsub-emulator component (gcloud components install pubsub-emulator, or apt install "
            + "google-cloud-cli-pubsub-emulator), or set " + JAR_VARIABLE + " to the emulator jar, or "
            + HOST_VARIABLE + " to a running emulator, or start a Docker engine";
    private static final List<String> USUAL_SDK_ROOTS = List.of("/usr/lib/google-cloud-sdk",
            "/usr/share/google-cloud-sdk", "/opt/google-cloud-sdk",
            System.getProperty("user.home") + "/google-cloud-sdk", "/google-cloud-sdk");

    private final Map<String, String> environment;
    private final Supplier<List<Path>> sdkRoots;

    PubSubEmulatorFinder(Map<String, String> environment, Supplier<List<Path>> sdkRoots) {
        this.environment = environment;
        this.sdkRoots = sdkRoots;
    }

    /** The finder for this process: its environment, the installed Google Cloud CLI and the usual directories. */
    public static PubSubEmulatorFinder onThisMachine() {
        return new PubSubEmulatorFinder(System.getenv(), () -> {
            List<Path> roots = new ArrayList<>();
            gcloudSdkRoot().ifPresent(roots::add);
            USUAL_SDK_ROOTS.forEach(r -> roots.add(Path.of(r)));
            return roots;
        });
    }

    /** host:port of an emulator that is already running, when {@code PUBSUB_EMULATOR_HOST} says so. */
    public Optional<String> runningHost() {
        String host = environment.get(HOST_VARIABLE);
        return host == null || host.isBlank() ? Optional.empty() : Optional.of(host.trim());
    }

    /**
     * The emulator jar this machine has, if any.
     *
     * @throws EmulatorConfigurationException when {@code PUBSUB_EMULATOR_JAR} is set but names no file
     */
    public Optional<Path> jar() {
        String configured = environment.get(JAR_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured.trim());
            if (!Files.isRegularFile(jar)) {
                throw new EmulatorConfigurationException(JAR_VARIABLE + "=" + configured + " names no file: point it "
                        + "at the emulator jar (cloud-pubsub-emulator-*.jar under the Google Cloud SDK's "
                        + "platform/pubsub-emulator/lib/) or unset it");
            }
            return Optional.of(jar);
        }
        for (Path root : sdkRoots.get()) {
            File lib = root.resolve("platform/pubsub-emulator/lib").toFile();
            File[] jars = lib.listFiles((dir, name) -> name.startsWith("cloud-pubsub-emulator")
                    && name.endsWith(".jar"));
            if (jars != null && jars.length > 0) {
                return Arrays.stream(jars).map(File::toPath).max(Comparator.naturalOrder());
            }
        }
        return Optional.empty();
    }

    /**
     * Why no emulator can be had without Docker (the install hint), or empty when a running one or a jar exists.
     *
     * @throws EmulatorConfigurationException as {@link #jar()}
     */
    public Optional<String> unavailableReason() {
        return runningHost().isPresent() || jar().isPresent() ? Optional.empty() : Optional.of(INSTALL_HINT);
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
        } catch (IOException noGcloud) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
