package dev.rebound.testing;

import dev.rebound.emulator.EmulatorConfigurationException;
import dev.rebound.emulator.EmulatorUnavailableException;
import dev.rebound.emulator.PubSubEmulatorFinder;
import dev.rebound.emulator.PubSubEmulatorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PubSubEmulatorContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The official Pub/Sub emulator for tests: whatever {@link PubSubEmulatorFinder} finds on this machine (a running
 * one, or the jar, started on a free port), else Testcontainers' emulator container when a Docker engine answers.
 * One per JVM, stopped at exit.
 */
public final class PubSubEmulator {
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

    /**
     * The shared emulator, started on first use; empty (with {@link #unavailableReason()}) when none exists.
     *
     * @throws EmulatorConfigurationException every time it is asked, when the emulator is configured to be
     *                                        somewhere it is not: that fails the tests rather than skip them
     */
    public static synchronized Optional<PubSubEmulator> shared() {
        if (shared == null && unavailableReason == null) {
            try {
                shared = locateAndStart();
                PubSubEmulator started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "pubsub-emulator-stop"));
            } catch (EmulatorConfigurationException misconfigured) {
                throw misconfigured;
            } catch (EmulatorUnavailableException e) {
                unavailableReason = e.getMessage();
            }
        }
        return Optional.ofNullable(shared);
    }

    public static synchronized String unavailableReason() {
        return unavailableReason;
    }

    public static int freePort() {
        return PubSubEmulatorProcess.freePort();
    }

    private static PubSubEmulator locateAndStart() {
        PubSubEmulatorFinder finder = PubSubEmulatorFinder.onThisMachine();
        Optional<String> running = finder.runningHost();
        if (running.isPresent()) {
            PubSubEmulatorProcess.awaitReady(running.get(), Duration.ofSeconds(30), null);
            return new PubSubEmulator(running.get(), PubSubEmulatorFinder.HOST_VARIABLE + "=" + running.get(), null,
                    null);
        }
        Optional<Path> jar = finder.jar();
        if (jar.isPresent()) {
            return startJar(jar.get());
        }
        if (dockerAnswers()) {
            PubSubEmulatorContainer container = new PubSubEmulatorContainer(DockerImageName.parse(CONTAINER_IMAGE));
            container.start();
            return new PubSubEmulator(container.getEmulatorEndpoint(), "Testcontainers " + CONTAINER_IMAGE, null,
                    container);
        }
        throw new EmulatorUnavailableException(PubSubEmulatorFinder.INSTALL_HINT);
    }

    private static PubSubEmulator startJar(Path jar) {
        int port = PubSubEmulatorProcess.freePort();
        String hostPort = "127.0.0.1:" + port;
        try {
            Path log = Files.createTempFile("pubsub-emulator-", ".log");
            Process process = new ProcessBuilder(PubSubEmulatorProcess.command(jar, port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PubSubEmulatorProcess.awaitReady(hostPort, Duration.ofSeconds(60), process);
            return new PubSubEmulator(hostPort, "emulator jar " + jar + " (log " + log + ")", process, null);
        } catch (IOException e) {
            throw new EmulatorUnavailableException("cannot start the emulator jar " + jar + ": " + e.getMessage());
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
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
}
