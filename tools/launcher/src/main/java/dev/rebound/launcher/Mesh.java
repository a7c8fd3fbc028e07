package dev.rebound.launcher;

import dev.rebound.emulator.EmulatorConfigurationException;
import dev.rebound.emulator.PubSubEmulatorFinder;
import dev.rebound.emulator.PubSubEmulatorProcess;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import dev.rebound.runtime.pubsub.PubSubChannels;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the local mesh: the official Pub/Sub emulator, the catalog's topics and subscriptions (plus the simulator's
 * push subscriptions and one archive pull subscription per topic), and each service as its own JVM on its port,
 * all sharing one scenario clock and one H2 file.
 */
public final class Mesh {
    /** The simulator's own push subscriptions (not in the catalog: processors are not Rebound's services). */
    public static final List<String[]> SIMULATOR_SUBSCRIPTIONS = List.of(
            new String[] {"pipeline-simulator--processor-triggers", Topics.PROCESSOR_TRIGGERS},
            new String[] {"pipeline-simulator--scraper-completions", Topics.SCRAPER_COMPLETIONS});
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m", "-Xss512k");

    private final MeshLayout layout;
    private final ManagedProcesses processes;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public Mesh(MeshLayout layout, PrintStream out) {
        this.layout = layout;
        this.processes = new ManagedProcesses(layout.pids());
        this.out = out;
    }

    public ManagedProcesses processes() {
        return processes;
    }

    /** The shared scenario clock of one run: every process gets the same start, anchor and speed. */
    public record ClockSettings(Instant start, Instant anchor, double speed) {
        /** Sim time = real time: start and anchor the same instant, speed 1. */
        public static ClockSettings wallClock() {
            Instant now = Instant.now();
            return new ClockSettings(now, now, 1.0);
        }
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
            deleteTree(layout.runDir().resolve("h2"));
            deleteTree(layout.logs());
            Files.createDirectories(layout.logs());
            Files.createDirectories(layout.h2Path().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (or, with PUBSUB_EMULATOR_HOST, uses) the emulator; returns host:port. */
    public String startEmulator() {
        PubSubEmulatorFinder finder = PubSubEmulatorFinder.onThisMachine();
        Optional<String> running = finder.runningHost();
        if (running.isPresent()) {
            PubSubEmulatorProcess.awaitReady(running.get(), Duration.ofSeconds(20), null);
            return running.get();
        }
        Path jar = finder.jar().orElseThrow(() -> new IllegalStateException(PubSubEmulatorFinder.INSTALL_HINT));
        int port = portFree(MeshLayout.EMULATOR_PORT) ? MeshLayout.EMULATOR_PORT : PubSubEmulatorProcess.freePort();
        Process p = start("pubsub-emulator", PubSubEmulatorProcess.command(jar, port), Map.of());
        processes.record("pubsub-emulator", p, port, jar.getFileName().toString());
        PubSubEmulatorProcess.awaitReady("127.0.0.1:" + port, Duration.ofSeconds(60), p);
        return "127.0.0.1:" + port;
    }

    /** Topics and subscriptions: the catalog's, the simulator's, and an archive pull subscription per topic. */
    public void provision(String emulatorHost) {
        TopicCatalog catalog = TopicCatalog.load();
        try (PubSubChannels channels = new PubSubChannels(Optional.of(emulatorHost));
                PubSubAdmin admin = new PubSubAdmin(channels, MeshLayout.PROJECT_ID)) {
            admin.provision(catalog, consumer -> {
                int port = layout.portOf(consumer);
                return port < 0 ? null : "http://127.0.0.1:" + port;
            });
            String simulatorPush = MeshLayout.PIPELINE_SIMULATOR.baseUrl() + catalog.pushPath();
            for (String[] sub : SIMULATOR_SUBSCRIPTIONS) {
                admin.createSubscription(sub[0], sub[1], simulatorPush, 30);
            }
            for (TopicCatalog.Topic topic : catalog.topics()) {
                admin.createSubscription(catalog.archiveSubscriptionName(topic.name()), topic.name(), null, 60);
            }
        }
    }

    /** Starts one service JVM with the shared configuration; its output goes to .rebound/logs/<name>.log. */
    public Process startService(MeshLayout.Service service, String emulatorHost, ClockSettings clock,
            Map<String, String> extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-Dquarkus.profile=local");
        cmd.add("-Dquarkus.http.port=" + service.port());
        cmd.add("-Drebound.h2.path=" + layout.h2Path());
        cmd.add("-Drebound.pubsub.emulator-host=" + emulatorHost);
        cmd.add("-Drebound.pubsub.project-id=" + MeshLayout.PROJECT_ID);
        cmd.add("-Drebound.clock.mode=scenario");
        cmd.add("-Drebound.clock.start=" + clock.start());
        cmd.add("-Drebound.clock.anchor=" + clock.anchor());
        cmd.add("-Drebound.clock.speed=" + clock.speed());
        extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(layout.jarOf(service).toString());
        Process p = start(service.name(), cmd, Map.of("NO_GCE_CHECK", "true", "PUBSUB_EMULATOR_HOST", emulatorHost));
        processes.record(service.name(), p, service.port(), layout.jarOf(service).toString());
        return p;
    }

    /** Starts the archive writer as its own process (for {@code up}, where the launcher itself exits). */
    public Process startArchiver() {
        String classpath = System.getProperty("java.class.path");
        // the marker ahead of the class path: the command line the OS reports for a process can be cut short, and
        // under a test runner the class path is tens of kilobytes
        String runDir = "-D" + MeshLayout.RUN_DIR_PROPERTY + "=" + layout.runDir();
        Process p = start("archiver", List.of(java(), "-Xmx192m", "-XX:+UseSerialGC", runDir,
                "-Drebound.home=" + layout.repo(), "-cp", classpath, Launcher.class.getName(), "archive"), Map.of());
        processes.record("archiver", p, -1, runDir);
        return p;
    }

    private Process start(String name, List<String> command, Map<String, String> env) {
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

    /** Health of a service: "ready", "not ready (HTTP n)" or "down". */
    public String health(MeshLayout.Service service) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "ready" : "not ready (HTTP " + r.statusCode() + ")";
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down";
        }
    }

    /** The service's Prometheus exposition ({@code /q/metrics}); throws with the reason when it cannot be read. */
    public String metrics(MeshLayout.Service service) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                    .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(service.name() + " /q/metrics answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(service.name() + " /q/metrics cannot be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + service.name() + " /q/metrics", e);
        }
    }

    /**
     * Waits until every started service answers ready, or its process died, or the deadline passed. Returns the
     * services that did not become ready, with why.
     */
    public Map<String, String> awaitReady(Map<MeshLayout.Service, Process> started, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> pending = new LinkedHashMap<>();
        started.keySet().forEach(s -> pending.put(s.name(), "not ready"));
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            for (Map.Entry<MeshLayout.Service, Process> e : started.entrySet()) {
                String name = e.getKey().name();
                if (!pending.containsKey(name)) {
                    continue;
                }
                if (!e.getValue().isAlive()) {
                    pending.put(name, "exited with status " + e.getValue().exitValue() + " (see "
                            + layout.logOf(name) + ")");
                    continue;
                }
                if ("ready".equals(health(e.getKey()))) {
                    pending.remove(name);
                    out.printf("  %-22s ready on :%d%n", name, e.getKey().port());
                }
            }
            if (pending.values().stream().allMatch(v -> v.startsWith("exited"))) {
                break;
            }
            pause(Duration.ofMillis(300));
        }
        return pending;
    }

    public void writeEnv(String emulatorHost, ClockSettings clock, Path scenario) {
        StringBuilder env = new StringBuilder("# Written by ./rebound: the endpoints of the running local mesh.\n");
        env.append("PUBSUB_EMULATOR_HOST=").append(emulatorHost).append('\n');
        env.append("PUBSUB_PROJECT_ID=").append(MeshLayout.PROJECT_ID).append('\n');
        env.append("REBOUND_H2_URL='").append(layout.jdbcUrl()).append("'\n");
        for (MeshLayout.Service s : MeshLayout.SERVICES) {
            env.append(s.name().toUpperCase().replace('-', '_')).append("_URL=").append(s.baseUrl()).append('\n');
        }
        env.append("PIPELINE_SIMULATOR_URL=").append(MeshLayout.PIPELINE_SIMULATOR.baseUrl()).append('\n');
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
