package dev.rebound.launcher;

import dev.rebound.emulator.EmulatorConfigurationException;
import dev.rebound.emulator.PubSubEmulatorFinder;
import dev.rebound.emulator.PubSubEmulatorProcess;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.localpostgres.EmbeddedServer;
import dev.rebound.localpostgres.PostgresServer;
import dev.rebound.runtime.clock.AnchorFile;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import dev.rebound.runtime.pubsub.PubSubChannels;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts the local mesh: a PostgreSQL server (or the one {@code REBOUND_POSTGRES_URL} names), the official Pub/Sub
 * emulator, the catalog's topics and subscriptions (plus the simulator's push subscriptions and one archive pull
 * subscription per topic), and each service as its own JVM on its port, all sharing one scenario clock and one
 * database (each service in its own schema).
 */
public final class Mesh {
    /** The simulator's own push subscriptions (not in the catalog: processors are not Rebound's services). */
    public static final List<String[]> SIMULATOR_SUBSCRIPTIONS = List.of(
            new String[] {"pipeline-simulator--processor-triggers", Topics.PROCESSOR_TRIGGERS},
            new String[] {"pipeline-simulator--scraper-completions", Topics.SCRAPER_COMPLETIONS});

    /** The emulator's name among the processes (and its log's). */
    static final String EMULATOR = "pubsub-emulator";

    private final MeshLayout layout;
    private final ManagedProcesses processes;
    private final PrintStream out;
    private String databaseUrl;

    public Mesh(MeshLayout layout, PrintStream out) {
        this.layout = layout;
        this.processes = new ManagedProcesses(layout.pids());
        this.out = out;
    }

    public ManagedProcesses processes() {
        return processes;
    }

    /**
     * The shared scenario clock of one run: every process gets the same start, anchor and speed. A replay's anchor is
     * tentative until {@link #confirmAnchor}: its processes run toward the start by it, stand just before the start
     * if they are not all ready by then, and read the confirmed anchor from {@link MeshLayout#clockAnchor()}.
     */
    public record ClockSettings(Instant start, Instant anchor, double speed, boolean tentative) {
        /** Sim time = real time: start and anchor the same instant, speed 1. */
        public static ClockSettings wallClock() {
            Instant now = Instant.now();
            return new ClockSettings(now, now, 1.0, false);
        }

        /** A replay's clock, reaching its start at {@code tentativeAnchor} unless the start-up takes longer. */
        public static ClockSettings tentative(Instant start, Instant tentativeAnchor, double speed) {
            return new ClockSettings(start, tentativeAnchor, speed, true);
        }
    }

    /**
     * Confirms a replay's anchor once every process is ready: the tentative one if that is still ahead (waiting for
     * it, as sim time already runs toward the start by it), else now, where the processes stand just before the
     * start. Sim time never jumps either way.
     */
    public ClockSettings confirmAnchor(ClockSettings tentative) {
        Duration ahead = Duration.between(Instant.now(), tentative.anchor());
        if (!ahead.isNegative()) {
            pause(ahead);
        }
        Instant now = Instant.now();
        Instant anchor = now.isAfter(tentative.anchor()) ? now : tentative.anchor();
        new AnchorFile(layout.clockAnchor()).announce(anchor);
        return new ClockSettings(tentative.start(), anchor, tentative.speed(), false);
    }

    /**
     * Why the mesh has no emulator to run on (the install hint, or what is wrong with PUBSUB_EMULATOR_JAR), or
     * empty when it has one.
     */
    public static Optional<String> emulatorUnavailable() {
        try {
            return PubSubEmulatorFinder.onThisMachine().unavailableReason();
        } catch (EmulatorConfigurationException misconfigured) {
            return Optional.of(misconfigured.getMessage());
        }
    }

    /** Clears the previous run's database and logs: every run replays from the scenario's start state. */
    public void freshRunDirectory() {
        try {
            deleteTree(layout.postgresData());
            deleteTree(layout.logs());
            Files.createDirectories(layout.logs());
            new AnchorFile(layout.clockAnchor()).clear();
            // a previous run's endpoints must not stand in for this one's
            Files.deleteIfExists(layout.env());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the services need running before they start. */
    public record Infrastructure(String databaseUrl, String emulatorHost) {
    }

    /**
     * {@link #startDatabase()} and {@link #startEmulator()} side by side: neither needs the other, and each is a few
     * seconds of mostly one core. When either fails, the other is still recorded (stopped with the rest).
     */
    public Infrastructure startInfrastructure() {
        CompletableFuture<String> emulator = CompletableFuture.supplyAsync(this::startEmulator);
        String database = null;
        RuntimeException failure = null;
        try {
            database = startDatabase();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            String host = emulator.join();
            if (failure != null) {
                throw failure;
            }
            return new Infrastructure(database, host);
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException(e.getCause());
            if (failure != null) {
                failure.addSuppressed(cause);
                throw failure;
            }
            throw cause;
        }
    }

    /**
     * Starts the mesh's PostgreSQL server (a real one from Maven Central's binaries, data under .rebound/postgres,
     * running on after this process exits until {@code down}), or uses the one {@code REBOUND_POSTGRES_URL} names;
     * either way the database {@value MeshLayout#DATABASE} starts empty. Returns its JDBC URL.
     */
    public String startDatabase() {
        PostgresServer server = PostgresServer.fromEnvironment().orElseGet(() -> {
            int port = portFree(layout.postgresPort()) ? layout.postgresPort() : PubSubEmulatorProcess.freePort();
            EmbeddedServer embedded = EmbeddedServer.startPersistent(layout.postgresData(), port,
                    layout.logOf("postgres"));
            processes.record("postgres", embedded.pid().orElseThrow(), port, layout.postgresData().toString());
            return embedded;
        });
        server.recreateDatabase(MeshLayout.DATABASE);
        databaseUrl = server.jdbcUrl(MeshLayout.DATABASE);
        return databaseUrl;
    }

    /** The JDBC URL of the running mesh's database (from this launcher, or from .rebound/env). */
    public String databaseUrl() {
        if (databaseUrl == null) {
            databaseUrl = readEnv(layout).get("REBOUND_STORE_URL");
        }
        if (databaseUrl == null) {
            throw new IllegalStateException("no database: the mesh is not running (" + layout.env() + ")");
        }
        return databaseUrl;
    }

    /** Starts (or, with PUBSUB_EMULATOR_HOST, uses) the emulator; returns host:port. */
    public String startEmulator() {
        PubSubEmulatorFinder finder = PubSubEmulatorFinder.onThisMachine();
        Optional<String> running = finder.runningHost();
        if (running.isPresent()) {
            PubSubEmulatorProcess.awaitReady(running.get(), Duration.ofSeconds(20), null);
            return running.get();
        }
        return startEmulator(portFree(layout.emulatorPort()) ? layout.emulatorPort()
                : PubSubEmulatorProcess.freePort());
    }

    /** Starts an emulator of this mesh on {@code port}; returns host:port. */
    String startEmulator(int port) {
        Path jar = PubSubEmulatorFinder.onThisMachine().jar()
                .orElseThrow(() -> new IllegalStateException(PubSubEmulatorFinder.INSTALL_HINT));
        Process p = startProcess(EMULATOR, PubSubEmulatorProcess.command(jar, port), Map.of());
        processes.record(EMULATOR, p, port, jar.getFileName().toString());
        PubSubEmulatorProcess.awaitReady("127.0.0.1:" + port, Duration.ofSeconds(60), p);
        return "127.0.0.1:" + port;
    }

    /**
     * Topics and subscriptions: the catalog's (push to each service, or pull when {@code pull}: several instances
     * share each subscription), the simulator's, an archive pull subscription per topic, and each topic's dead-letter
     * topic with its hold subscription — each topic's subscriptions right after the topic, so that a publisher
     * running while an emulator is provisioned again loses as little as can be (see PubSubAdmin).
     */
    public void provision(String emulatorHost, boolean pull) {
        TopicCatalog catalog = TopicCatalog.load();
        String simulatorPush = layout.baseUrl(MeshLayout.PIPELINE_SIMULATOR) + catalog.pushPath();
        try (PubSubChannels channels = new PubSubChannels(Optional.of(emulatorHost));
                PubSubAdmin admin = new PubSubAdmin(channels, MeshLayout.PROJECT_ID)) {
            Consumer<TopicCatalog.Topic> alsoForEachTopic = topic -> {
                for (String[] sub : SIMULATOR_SUBSCRIPTIONS) {
                    if (sub[1].equals(topic.name())) {
                        admin.createSubscription(sub[0], sub[1], simulatorPush, 30);
                    }
                }
                admin.createSubscription(catalog.archiveSubscriptionName(topic.name()), topic.name(), null, 60);
                // the emulator never dead-letters, but the topics and holds exist as in production, so the
                // operators' dead-letter commands work the same against the local mesh
                String deadLetter = catalog.deadLetterTopicName(topic.name());
                admin.createTopic(deadLetter);
                admin.createSubscription(catalog.deadLetterHoldSubscriptionName(topic.name()), deadLetter, null, 60);
            };
            if (pull) {
                admin.provisionForPull(catalog, consumer -> layout.portOf(consumer) >= 0, alsoForEachTopic);
            } else {
                admin.provision(catalog, consumer -> {
                    int port = layout.portOf(consumer);
                    return port < 0 ? null : "http://127.0.0.1:" + port;
                }, alsoForEachTopic);
            }
        }
    }

    /** Starts the archive writer as its own process (for {@code up}, where the launcher itself exits). */
    public Process startArchiver() {
        String classpath = System.getProperty("java.class.path");
        // the marker ahead of the class path: the command line the OS reports for a process can be cut short, and
        // under a test runner the class path is tens of kilobytes
        String runDir = "-D" + MeshLayout.RUN_DIR_PROPERTY + "=" + layout.runDir();
        Process p = startProcess("archiver", List.of(java(), "-Xmx192m", "-XX:+UseSerialGC", runDir,
                "-Drebound.home=" + layout.repo(), "-cp", classpath, Launcher.class.getName(), "archive"), Map.of());
        processes.record("archiver", p, -1, runDir);
        return p;
    }

    /** Starts a process of the mesh in the repository, its output appended to .rebound/logs/<name>.log. */
    Process startProcess(String name, List<String> command, Map<String, String> env) {
        try {
            Files.createDirectories(layout.logs());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logOf(name).toFile()))
                    .directory(layout.repo().toFile());
            pb.environment().putAll(env);
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public void writeEnv(String emulatorHost, ClockSettings clock, Path scenario) {
        StringBuilder env = new StringBuilder("# Written by ./rebound: the endpoints of the running local mesh.\n");
        env.append("PUBSUB_EMULATOR_HOST=").append(emulatorHost).append('\n');
        env.append("PUBSUB_PROJECT_ID=").append(MeshLayout.PROJECT_ID).append('\n');
        env.append("REBOUND_STORE_URL='").append(databaseUrl()).append("'\n");
        for (MeshLayout.Service s : MeshLayout.SERVICES) {
            env.append(s.name().toUpperCase().replace('-', '_')).append("_URL=").append(layout.baseUrl(s)).append('\n');
        }
        env.append("PIPELINE_SIMULATOR_URL=").append(layout.baseUrl(MeshLayout.PIPELINE_SIMULATOR)).append('\n');
        env.append("REBOUND_DASHBOARD_URL=").append(layout.dashboardUrl()).append('\n');
        env.append("REBOUND_CLOCK_START=").append(clock.start()).append('\n');
        env.append("REBOUND_CLOCK_ANCHOR=").append(clock.anchor()).append('\n');
        env.append("REBOUND_CLOCK_SPEED=").append(clock.speed()).append('\n');
        if (scenario != null) {
            env.append("REBOUND_SCENARIO=").append(scenario).append('\n');
        }
        try {
            Files.createDirectories(layout.runDir());
            Files.writeString(layout.env(), env.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads .rebound/env back (for status, archive and replay). */
    public static Map<String, String> readEnv(MeshLayout layout) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!Files.exists(layout.env())) {
            return env;
        }
        try {
            for (String line : Files.readAllLines(layout.env())) {
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                env.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^'|'$", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static boolean portFree(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static void pause(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
