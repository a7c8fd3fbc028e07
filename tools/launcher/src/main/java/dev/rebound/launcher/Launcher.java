package dev.rebound.launcher;

import dev.rebound.scenario.Scenario;
import dev.rebound.scenario.ScenarioException;
import dev.rebound.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./rebound}: the local mesh from one command. Exit codes: 0 success (demo: every expectation held), 1 a
 * failed verdict or command, 2 nothing to run on (no Pub/Sub emulator) or bad usage.
 */
public final class Launcher {
    static final String USAGE = """
            usage: ./rebound <command>   (the local mesh; every other command is the operators' CLI, below)
              demo [--scenario FILE] [--speed N] [--instances N] [--keep]
                                                            replay a scenario end to end and give the verdict
              up [--scenario FILE] [--speed N] [--instances N]
                                                            start the mesh and leave it running
              up --no-simulator [--instances N]             the same without the simulator, on the wall clock
              down                                          stop what ./rebound started
              logs SERVICE                                  a service's log (.rebound/logs/SERVICE.log)
            """;

    private final MeshLayout layout;
    private final PrintStream out;

    public Launcher(MeshLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    public static void main(String[] args) {
        int code = new Launcher(MeshLayout.detect(), System.out).run(args);
        System.exit(code);
    }

    public int run(String[] args) {
        if (args.length == 0) {
            out.print(USAGE);
            return 2;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        try {
            return switch (args[0]) {
                case "demo" -> demo(rest);
                case "up" -> up(rest);
                case "down" -> down();
                case "logs" -> logs(rest);
                case "archive" -> archive();
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    out.println("unknown command '" + args[0] + "'");
                    out.print(USAGE);
                    yield 2;
                }
            };
        } catch (ScenarioException e) {
            out.println("Invalid scenario: " + e.getMessage());
            return 2;
        } catch (UsageException e) {
            out.println(e.getMessage());
            out.print(USAGE);
            return 2;
        } catch (Exception e) {
            out.println("rebound " + args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    private int demo(List<String> args) throws Exception {
        Map<String, String> o = options(args, List.of("--scenario", "--speed", "--instances"), List.of("--keep"));
        if (noEmulator()) {
            return 2;
        }
        Path scenario = o.containsKey("--scenario") ? Path.of(o.get("--scenario")) : layout.defaultScenario();
        Verdict verdict = new ScenarioRun(layout, out).run(new ScenarioRun.Options(scenario,
                o.containsKey("--speed") ? Double.valueOf(o.get("--speed")) : null, o.containsKey("--keep"),
                instances(o)));
        return verdict.passed() ? 0 : 1;
    }

    private int up(List<String> args) throws Exception {
        Map<String, String> o = options(args, List.of("--scenario", "--speed", "--instances"),
                List.of("--no-simulator"));
        if (o.containsKey("--no-simulator") && (o.containsKey("--scenario") || o.containsKey("--speed"))) {
            throw new UsageException("--no-simulator runs on the wall clock: no --scenario, no --speed");
        }
        if (noEmulator()) {
            return 2;
        }
        Mesh mesh = new Mesh(layout, out);
        if (mesh.processes().entries().stream().anyMatch(e -> e.handle().isPresent())) {
            out.println("A mesh is already running (./rebound status; ./rebound down to stop it).");
            return 1;
        }
        boolean simulator = !o.containsKey("--no-simulator");
        Path scenarioFile = o.containsKey("--scenario") ? Path.of(o.get("--scenario")).toAbsolutePath()
                : layout.defaultScenario();
        Scenario scenario = simulator ? ScenarioLoader.load(scenarioFile) : null;
        mesh.freshRunDirectory();
        Mesh.Infrastructure infrastructure = mesh.startInfrastructure();
        out.println("  PostgreSQL: " + infrastructure.databaseUrl());
        String emulator = infrastructure.emulatorHost();
        int count = instances(o);
        mesh.provision(emulator, count > 1);
        // a scenario's clock starts at its start once every process is up; without one, processors outside the
        // mesh stamp their events with the real time, so the mesh runs on the wall clock too
        Mesh.ClockSettings clock = simulator
                ? Mesh.ClockSettings.tentative(scenario.start(), Instant.now().plus(ScenarioRun.STARTUP_LEAD),
                        ScenarioRun.speedOf(new ScenarioRun.Options(scenarioFile, o.containsKey("--speed")
                                ? Double.valueOf(o.get("--speed")) : null, false, count), scenario))
                : Mesh.ClockSettings.wallClock();
        try (EventArchive archive = new EventArchive(mesh.databaseUrl())) {
            archive.ensureTable();
        }
        // the archiver finds the emulator and the database through the env file
        mesh.writeEnv(emulator, clock, simulator ? scenarioFile : null);
        mesh.startArchiver();
        ServiceInstances instances = new ServiceInstances(mesh, layout, out, emulator, clock, count);
        if (simulator) {
            // first, so that what happened before the replay is queued before any service checks for it
            MeshLayout.Instance sim = instances.startSimulator(scenarioFile);
            instances.awaitReady(List.of(sim), Duration.ofSeconds(150))
                    .forEach((name, why) -> out.println("  ! " + name + ": " + why));
        }
        instances.startServices().forEach(problem -> out.println("  ! " + problem));
        Map<String, String> notReady = instances.awaitReady(instances.serviceInstances(), Duration.ofSeconds(150));
        notReady.forEach((name, why) -> out.println("  ! " + name + ": " + why));
        if (simulator) {
            mesh.writeEnv(emulator, mesh.confirmAnchor(clock), scenarioFile);
        }
        out.println("Mesh up: endpoints in " + layout.env() + "; dashboard " + layout.dashboardUrl()
                + "; ./rebound status to look, ./rebound down to stop.");
        return notReady.isEmpty() ? 0 : 1;
    }

    private static int instances(Map<String, String> options) {
        try {
            int n = Integer.parseInt(options.getOrDefault("--instances", "1"));
            if (n < 1 || n > 9) {
                throw new UsageException("--instances must be between 1 and 9, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--instances needs a number, was " + options.get("--instances"));
        }
    }

    private int down() {
        List<String> stopped = new ManagedProcesses(layout.pids()).stopAll(ManagedProcesses.STOP_GRACE);
        out.println(stopped.isEmpty() ? "Nothing started by ./rebound is running." : "Stopped: " + String.join(", ", stopped));
        return 0;
    }

    private int logs(List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("logs needs a service name");
        }
        Path log = layout.logOf(args.get(0));
        if (!Files.exists(log)) {
            out.println("No log " + log);
            return 1;
        }
        List<String> lines = Files.readAllLines(log);
        lines.subList(Math.max(0, lines.size() - 200), lines.size()).forEach(out::println);
        return 0;
    }

    /** The archive writer on its own (what {@code up} runs in the background); prints the timeline to its log. */
    private int archive() throws Exception {
        Map<String, String> env = Mesh.readEnv(layout);
        String host = env.get("PUBSUB_EMULATOR_HOST");
        if (host == null) {
            out.println("No running mesh (" + layout.env() + " missing)");
            return 1;
        }
        try (EventArchive archive = new EventArchive(new Mesh(layout, out).databaseUrl())) {
            archive.ensureTable();
            Timeline timeline = new Timeline(out);
            try (ArchiveWriter writer = new ArchiveWriter(host, archive, timeline::accept)) {
                writer.start();
                new CountDownLatch(1).await();
            }
        }
        return 0;
    }

    private boolean noEmulator() {
        return Mesh.emulatorUnavailable().map(hint -> {
            out.println("Cannot start the local mesh: " + hint + ".");
            return true;
        }).orElse(false);
    }

    static Map<String, String> options(List<String> args, List<String> valued, List<String> flags) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (flags.contains(a)) {
                o.put(a, "true");
            } else if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(a + " needs a value");
                }
                o.put(a, args.get(++i));
            } else {
                throw new UsageException("unknown option '" + a + "'");
            }
        }
        return o;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
