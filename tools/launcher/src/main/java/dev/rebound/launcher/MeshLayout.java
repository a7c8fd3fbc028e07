package dev.rebound.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where things are: the repository (service jars, scenarios) and the run directory (.rebound: database, logs,
 * pids, env). The four services and the simulator on their fixed local ports.
 */
public record MeshLayout(Path repo, Path runDir) {

    public static final String PROJECT_ID = "rebound-local";
    public static final int EMULATOR_PORT = 8085;
    public static final String DASHBOARD_SERVICE = "coverage-monitor";

    /** A JVM of the mesh. */
    public record Service(String name, int port) {
        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }
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

    /** Push endpoint port of a catalog consumer; -1 for consumers that are not services of the mesh. */
    public int portOf(String consumer) {
        return service(consumer).map(Service::port).orElse(-1);
    }

    public Path jarOf(Service service) {
        return repo.resolve("services").resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public boolean built(Service service) {
        return Files.isRegularFile(jarOf(service));
    }

    public Path h2Path() {
        return runDir.resolve("h2").resolve("rebound");
    }

    public String jdbcUrl() {
        return "jdbc:h2:file:" + h2Path() + ";AUTO_SERVER=TRUE";
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

    public Path defaultScenario() {
        return repo.resolve("scenarios/2026-01-23-cascade.yaml");
    }

    public String dashboardUrl() {
        return "http://localhost:" + COVERAGE_MONITOR.port() + "/";
    }
}
