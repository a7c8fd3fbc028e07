package dev.rebound.launcher;

import dev.rebound.events.codec.Json;
import dev.rebound.pipelinesimulator.scenario.Scenario;
import dev.rebound.pipelinesimulator.scenario.ScenarioException;
import dev.rebound.pipelinesimulator.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
            usage: ./rebound <command>
              demo [--scenario FILE] [--speed N] [--keep]   replay a scenario end to end and give the verdict
              up [--scenario FILE] [--speed N]              start the mesh and leave it running
              up --no-simulator                             the same without the simulator, on the wall clock
              down                                          stop what ./rebound started
              status                                        what runs, ports, health
              logs SERVICE                                  a service's log (.rebound/logs/SERVICE.log)
              replay seek --subscription S (--time T | --snapshot NAME)
              replay republish --from T --to T [--types a,b] [--processor P] [--data-date D]
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
                case "status" -> status();
                case "logs" -> logs(rest);
                case "replay" -> replay(rest);
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
        Map<String, String> o = options(args, List.of("--scenario", "--speed"), List.of("--keep"));
        if (noEmulator()) {
            return 2;
        }
        Path scenario = o.containsKey("--scenario") ? Path.of(o.get("--scenario")) : layout.defaultScenario();
        Verdict verdict = new ScenarioRun(layout, out).run(new ScenarioRun.Options(scenario,
                o.containsKey("--speed") ? Double.valueOf(o.get("--speed")) : null, o.containsKey("--keep")));
        return verdict.passed() ? 0 : 1;
    }

    private int up(List<String> args) throws Exception {
        Map<String, String> o = options(args, List.of("--scenario", "--speed"), List.of("--no-simulator"));
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
        String emulator = mesh.startEmulator();
        mesh.provision(emulator);
        // a scenario's clock starts at its start once every process is up; without one, processors outside the
        // mesh stamp their events with the real time, so the mesh runs on the wall clock too
        Mesh.ClockSettings clock = simulator
                ? new Mesh.ClockSettings(scenario.start(), Instant.now().plus(ScenarioRun.STARTUP_LEAD),
                        o.containsKey("--speed") ? Double.parseDouble(o.get("--speed")) : scenario.defaultSpeed())
                : Mesh.ClockSettings.wallClock();
        mesh.writeEnv(emulator, clock, simulator ? scenarioFile : null);
        // the archiver opens the shared database first and hosts its AUTO_SERVER for the services
        mesh.startArchiver();
        awaitFile(layout.h2Path().resolveSibling(layout.h2Path().getFileName() + ".lock.db"), Duration.ofSeconds(30));
        Map<MeshLayout.Service, Process> started = new LinkedHashMap<>();
        if (simulator) {
            // first, so that what happened before the replay is queued before any service checks for it
            Map<MeshLayout.Service, Process> sim = Map.of(MeshLayout.PIPELINE_SIMULATOR, mesh.startService(
                    MeshLayout.PIPELINE_SIMULATOR, emulator, clock,
                    Map.of("rebound.simulator.scenario", scenarioFile.toString())));
            mesh.awaitReady(sim, Duration.ofSeconds(150)).forEach((name, why) -> out.println("  ! " + name + ": " + why));
        }
        for (MeshLayout.Service s : MeshLayout.SERVICES) {
            if (layout.built(s)) {
                started.put(s, mesh.startService(s, emulator, clock, Map.of()));
                Mesh.pause(ScenarioRun.STAGGER);
            } else {
                out.println("  ! " + s.name() + " is not built; starting without it");
            }
        }
        Map<String, String> notReady = mesh.awaitReady(started, Duration.ofSeconds(150));
        notReady.forEach((name, why) -> out.println("  ! " + name + ": " + why));
        out.println("Mesh up: endpoints in " + layout.env() + "; dashboard " + layout.dashboardUrl()
                + "; ./rebound down to stop.");
        return notReady.isEmpty() ? 0 : 1;
    }

    private int down() {
        List<String> stopped = new ManagedProcesses(layout.pids()).stopAll(Duration.ofSeconds(10));
        out.println(stopped.isEmpty() ? "Nothing started by ./rebound is running." : "Stopped: " + String.join(", ", stopped));
        return 0;
    }

    private int status() {
        Mesh mesh = new Mesh(layout, out);
        List<ManagedProcesses.Entry> entries = mesh.processes().entries();
        if (entries.isEmpty()) {
            out.println("Nothing started by ./rebound (no " + layout.pids() + ").");
        }
        for (ManagedProcesses.Entry e : entries) {
            boolean alive = e.handle().isPresent();
            String health = layout.service(e.name()).map(mesh::health).orElse(alive ? "running" : "-");
            out.printf("  %-22s pid %-7d %s  %-6s %s%n", e.name(), e.pid(), e.port() > 0 ? ":" + e.port() : "     ",
                    alive ? "up" : "EXITED", alive ? health : "");
        }
        Map<String, String> env = Mesh.readEnv(layout);
        if (!entries.isEmpty() && env.containsKey("REBOUND_CLOCK_START")) {
            var clock = dev.rebound.runtime.clock.ScenarioClock.scenario(Instant.parse(env.get("REBOUND_CLOCK_START")),
                    Instant.parse(env.get("REBOUND_CLOCK_ANCHOR")), Double.parseDouble(env.get("REBOUND_CLOCK_SPEED")));
            out.println("  sim clock " + Timeline.simTime(clock.instant()) + " (speed " + env.get("REBOUND_CLOCK_SPEED")
                    + ")" + (env.containsKey("REBOUND_SCENARIO") ? ", scenario " + env.get("REBOUND_SCENARIO") : ""));
            out.println("  dashboard " + layout.dashboardUrl() + "   endpoints: " + layout.env());
        }
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

    private int replay(List<String> args) throws Exception {
        if (args.isEmpty() || !List.of("seek", "republish").contains(args.get(0))) {
            throw new UsageException("replay needs 'seek' or 'republish'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        if (args.get(0).equals("seek")) {
            Map<String, String> o = options(args.subList(1, args.size()), List.of("--subscription", "--time", "--snapshot"),
                    List.of());
            if (!o.containsKey("--subscription") || o.containsKey("--time") == o.containsKey("--snapshot")) {
                throw new UsageException("replay seek needs --subscription and one of --time or --snapshot");
            }
            body.put("subscription", o.get("--subscription"));
            if (o.containsKey("--time")) {
                body.put("time", o.get("--time"));
            } else {
                body.put("snapshot", o.get("--snapshot"));
            }
            path = "/replay/seek";
        } else {
            Map<String, String> o = options(args.subList(1, args.size()),
                    List.of("--from", "--to", "--types", "--processor", "--data-date"), List.of());
            if (!o.containsKey("--from") || !o.containsKey("--to")) {
                throw new UsageException("replay republish needs --from and --to");
            }
            body.put("from", o.get("--from"));
            body.put("to", o.get("--to"));
            if (o.containsKey("--types")) {
                body.put("types", List.of(o.get("--types").split(",")));
            }
            if (o.containsKey("--processor")) {
                body.put("processor", o.get("--processor"));
            }
            if (o.containsKey("--data-date")) {
                body.put("data_date", o.get("--data-date"));
            }
            path = "/replay/republish";
        }
        String base = Mesh.readEnv(layout).getOrDefault("BACKFILL_ORCHESTRATOR_URL",
                MeshLayout.BACKFILL_ORCHESTRATOR.baseUrl());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        out.println("POST " + base + path + " → HTTP " + r.statusCode());
        out.println(r.body());
        return r.statusCode() / 100 == 2 ? 0 : 1;
    }

    /** The archive writer on its own (what {@code up} runs in the background); prints the timeline to its log. */
    private int archive() throws Exception {
        Map<String, String> env = Mesh.readEnv(layout);
        String host = env.get("PUBSUB_EMULATOR_HOST");
        if (host == null) {
            out.println("No running mesh (" + layout.env() + " missing)");
            return 1;
        }
        try (EventArchive archive = new EventArchive(layout.jdbcUrl())) {
            archive.ensureTable();
            Timeline timeline = new Timeline(out);
            try (ArchiveWriter writer = new ArchiveWriter(host, archive, timeline::accept)) {
                writer.start();
                new CountDownLatch(1).await();
            }
        }
        return 0;
    }

    private static void awaitFile(Path file, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.exists(file) && Instant.now().isBefore(deadline)) {
            Mesh.pause(Duration.ofMillis(200));
        }
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
