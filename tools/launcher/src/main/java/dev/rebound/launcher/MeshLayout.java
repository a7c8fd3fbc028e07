package dev.rebound.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where things are: the repository (service jars, scenarios) and the run directory (.rebound: the PostgreSQL data,
 * logs, pids, env). The four services and the simulator on their fixed local ports, all moved by {@code portOffset}
 * (0 for {@code ./rebound}): two meshes with different run directories and offsets run side by side on one machine.
 */
public record MeshLayout(Path repo, Path runDir, int portOffset) {
    /** A mesh's ports span less than this (instances 0–9 at + 100 × i): offsets in steps of it never meet. */
    static final int PORT_SPAN = 1000;

    public MeshLayout {
        if (portOffset < 0 || portOffset % PORT_SPAN != 0) {
            throw new IllegalArgumentException("portOffset must be a non-negative multiple of " + PORT_SPAN + ": "
                    + portOffset);
        }
    }

    /** The layout of {@code ./rebound}: the fixed ports themselves. */
    public MeshLayout(Path repo, Path runDir) {
        this(repo, runDir, 0);
    }

    public static final String PROJECT_ID = "rebound-local";
    /** The emulator's port (+ the offset; another free port when it is taken). */
    public static final int EMULATOR_PORT = 8085;
    /** The local PostgreSQL server's port (+ the offset; another free port when it is taken). */
    public static final int POSTGRES_PORT = 8086;
    /** The one database the mesh shares: each service's state in its own schema, the pipeline stand-ins, the archive. */
    public static final String DATABASE = "rebound";
    public static final String DASHBOARD_SERVICE = "coverage-monitor";

    /** A JVM of the mesh, and its port in a mesh without offset. */
    public record Service(String name, int port) {
    }

    /**
     * One running copy of a service. Instance 0 keeps the service's own name and port (so a one-instance mesh looks as
     * it always did); instance i is {@code <service>-<i>} on the service's port + 100 × i; both + the layout's offset.
     */
    public record Instance(Service service, int index, int portOffset) {
        public String name() {
            return index == 0 ? service.name() : service.name() + "-" + index;
        }

        public int port() {
            return service.port() + 100 * index + portOffset;
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port();
        }
    }

    /** Instance {@code index} of a service in this layout. */
    public Instance instance(Service service, int index) {
        return new Instance(service, index, portOffset);
    }

    /** Instances 0..n-1 of a service. */
    public List<Instance> instancesOf(Service service, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> instance(service, i)).toList();
    }

    /** Where instance 0 of a service answers. */
    public String baseUrl(Service service) {
        return instance(service, 0).baseUrl();
    }

    public int emulatorPort() {
        return EMULATOR_PORT + portOffset;
    }

    public int postgresPort() {
        return POSTGRES_PORT + portOffset;
    }

    public static final Service HEARTBEAT_TRACKER = new Service("heartbeat-tracker", 8081);
    public static final Service ROSTER_WATCHER = new Service("roster-watcher", 8082);
    public static final Service COVERAGE_MONITOR = new Service("coverage-monitor", 8083);
    public static final Service BACKFILL_ORCHESTRATOR = new Service("backfill-orchestrator", 8084);
    public static final Service PIPELINE_SIMULATOR = new Service("pipeline-simulator", 8090);
    public static final List<Service> SERVICES = List.of(HEARTBEAT_TRACKER, ROSTER_WATCHER, COVERAGE_MONITOR,
            BACKFILL_ORCHESTRATOR);

    /** Where a mesh keeps its database, logs, pids and env when not in the repository's .rebound. */
    public static final String RUN_DIR_PROPERTY = "rebound.run-dir";

    /** The repository root: -Drebound.home, else the working directory; the run directory: -Drebound.run-dir. */
    public static MeshLayout detect() {
        Path repo = Path.of(System.getProperty("rebound.home", ".")).toAbsolutePath().normalize();
        String runDir = System.getProperty(RUN_DIR_PROPERTY);
        return new MeshLayout(repo, runDir != null ? Path.of(runDir).toAbsolutePath() : repo.resolve(".rebound"));
    }

    public Optional<Service> service(String name) {
        if (PIPELINE_SIMULATOR.name().equals(name)) {
            return Optional.of(PIPELINE_SIMULATOR);
        }
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The instance a process name denotes ({@code coverage-monitor}, {@code coverage-monitor-1}, ...). */
    public Optional<Instance> instance(String name) {
        Optional<Service> whole = service(name);
        if (whole.isPresent()) {
            return whole.map(s -> instance(s, 0));
        }
        int dash = name.lastIndexOf('-');
        if (dash < 0 || !name.substring(dash + 1).matches("[1-9]")) {
            return Optional.empty();
        }
        return service(name.substring(0, dash)).map(s -> instance(s, Integer.parseInt(name.substring(dash + 1))));
    }

    /** Push endpoint port of a catalog consumer; -1 for consumers that are not services of the mesh. */
    public int portOf(String consumer) {
        return service(consumer).map(s -> instance(s, 0).port()).orElse(-1);
    }

    public Path jarOf(Service service) {
        return repo.resolve("services").resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public boolean built(Service service) {
        return Files.isRegularFile(jarOf(service));
    }

    /** The data directory of the PostgreSQL server {@code up} and {@code demo} start. */
    public Path postgresData() {
        return runDir.resolve("postgres");
    }

    public Path logs() {
        return runDir.resolve("logs");
    }

    public Path logOf(String name) {
        return logs().resolve(name + ".log");
    }

    public Path pids() {
        return runDir.resolve("pids");
    }

    public Path env() {
        return runDir.resolve("env");
    }

    /** Where a replay's clock anchor is announced once every process is ready ({@code rebound.clock.anchor-file}). */
    public Path clockAnchor() {
        return runDir.resolve("clock-anchor");
    }

    public Path defaultScenario() {
        return repo.resolve("scenarios/2026-01-23-cascade.yaml");
    }

    public String dashboardUrl() {
        return "http://localhost:" + (COVERAGE_MONITOR.port() + portOffset) + "/";
    }
}
