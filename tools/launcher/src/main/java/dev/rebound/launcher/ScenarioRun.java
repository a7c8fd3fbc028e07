package dev.rebound.launcher;

import dev.rebound.scenario.Scenario;
import dev.rebound.scenario.ScenarioException;
import dev.rebound.scenario.ScenarioLoader;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One replay, start to verdict: fresh database, emulator, topics, the four services (as many instances of each as
 * asked) and the simulator on one scenario clock, the archive writer and live timeline, the scenario's rolling
 * restarts and faults at their sim times, the progress line, then the expectations — and everything it started
 * stopped again unless asked to keep it.
 */
public final class ScenarioRun {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration DRAIN_QUIET = Duration.ofSeconds(2);
    /** Start-up time assumed for the tentative anchor before one was measured on this machine (one instance each). */
    static final Duration STARTUP_LEAD = Duration.ofSeconds(20);
    /**
     * The fastest a replay at two or more instances of every service runs unless told otherwise: a killed instance
     * delays what it held by one lease (10 s real), the notifications and heartbeats published while the instances
     * start arrive through pull subscriptions as they connect, and every real second is {@code speed} sim seconds
     * against 3-minute stuck thresholds and 1-minute batch windows. At 40 a threshold is 4.5 s real; at the cascade's
     * own 100, a replay with restarts on two cores has seen a scraper's files split into three batches (three runs of
     * its loader at once) and a repair started beside them, and at 60 (3 s real), with another replay on the same two
     * cores, hops of 1–3 s real let a repair trigger race the pipeline's own run of the roster load.
     */
    public static final double MULTI_INSTANCE_MAX_SPEED = 40.0;
    /** Before the anchor: how long the archive must hear nothing for the scenario's history to count as delivered. */
    private static final Duration HISTORY_QUIET = Duration.ofMillis(1500);
    private static final Duration HISTORY_WAIT = Duration.ofSeconds(20);

    private final MeshLayout layout;
    private final PrintStream out;

    public ScenarioRun(MeshLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    /**
     * {@code instances}: how many processes of each service (1 unless asked). {@code alsoJudge}: scenarios of the same
     * world (everything but name, description and expectations equal) whose expectations are judged against this run
     * too, each with a verdict of its own ({@link #alsoJudged()}) — one replay instead of one per set of expectations.
     */
    public record Options(Path scenario, Double speed, boolean keep, int instances, List<Path> alsoJudge) {
        public Options(Path scenario, Double speed, boolean keep, int instances) {
            this(scenario, speed, keep, instances, List.of());
        }
    }

    private final List<Verdict> alsoJudged = new ArrayList<>();

    /** The verdicts of {@link Options#alsoJudge}'s scenarios against the last run, in their order. */
    /** The speed asked for, else the scenario's own, at most {@link #MULTI_INSTANCE_MAX_SPEED} with instances. */
    static double speedOf(Options options, Scenario scenario) {
        if (options.speed() != null) {
            return options.speed();
        }
        return options.instances() > 1 ? Math.min(scenario.defaultSpeed(), MULTI_INSTANCE_MAX_SPEED)
                : scenario.defaultSpeed();
    }

    public List<Verdict> alsoJudged() {
        return List.copyOf(alsoJudged);
    }

    public Verdict run(Options options) throws Exception {
        Instant wallStart = Instant.now();
        Path scenarioFile = options.scenario().toAbsolutePath();
        Scenario scenario = ScenarioLoader.load(scenarioFile);
        Topology topology = ScenarioLoader.topologyOf(scenarioFile.toString(), scenario);
        double speed = speedOf(options, scenario);
        servicesNamedExist(scenarioFile, scenario);
        List<Scenario> alsoJudge = new ArrayList<>();
        for (Path other : options.alsoJudge()) {
            Scenario judged = ScenarioLoader.load(other.toAbsolutePath());
            servicesNamedExist(other.toAbsolutePath(), judged);
            if (!world(judged).equals(world(scenario))) {
                throw new IllegalArgumentException(other + " cannot be judged against a replay of " + scenarioFile
                        + ": its world differs (only name, description and expectations may)");
            }
            alsoJudge.add(judged);
        }
        alsoJudged.clear();
        Mesh mesh = new Mesh(layout, out);
        List<String> problems = new ArrayList<>();
        if (mesh.processes().entries().stream().anyMatch(e -> e.handle().isPresent())) {
            throw new IllegalStateException("a mesh started by ./rebound is still running: stop it with ./rebound down");
        }
        List<String> busy = new ArrayList<>();
        for (MeshLayout.Service s : allServices()) {
            for (MeshLayout.Instance i : layout.instancesOf(s,
                    s == MeshLayout.PIPELINE_SIMULATOR ? 1 : options.instances())) {
                if (!Mesh.portFree(i.port())) {
                    busy.add(i.name() + " :" + i.port());
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports already in use: " + busy + " (another mesh or service is running)");
        }
        Thread stopOnInterrupt = new Thread(() -> mesh.processes().stopAll(Duration.ofSeconds(5)), "rebound-stop");
        if (!options.keep()) {
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        }
        ArchiveWriter writer = null;
        EventArchive archive = null;
        ServiceInstances instances;
        ServiceReadings.Collector readings = new ServiceReadings.Collector();
        try {
            out.printf("Scenario %s — %s%n  sim %s → %s at speed %.0f (%s real)%n", scenario.name(),
                    scenario.description() == null ? "" : scenario.description(), scenario.start(), scenario.end(),
                    speed, format(Duration.ofMillis((long) (Duration.between(scenario.start(), scenario.end()).toMillis()
                            / speed))));
            mesh.freshRunDirectory();
            Mesh.Infrastructure infrastructure = mesh.startInfrastructure();
            out.println("  PostgreSQL on " + infrastructure.databaseUrl());
            String emulator = infrastructure.emulatorHost();
            out.println("  Pub/Sub emulator on " + emulator);
            mesh.provision(emulator, options.instances() > 1);
            out.println("  topics and subscriptions provisioned from the topic catalog (+ archive subscriptions)"
                    + (options.instances() > 1 ? "; " + options.instances() + " instances of each service share"
                    + " pull subscriptions" : ""));
            archive = new EventArchive(mesh.databaseUrl());
            archive.ensureTable();
            Instant launched = Instant.now();
            Mesh.ClockSettings clock = Mesh.ClockSettings.tentative(scenario.start(),
                    launched.plus(startupLead(options.instances())), speed);
            if (!layout.built(MeshLayout.PIPELINE_SIMULATOR)) {
                throw new IllegalStateException("the pipeline simulator is not built: " + layout.jarOf(MeshLayout.PIPELINE_SIMULATOR));
            }
            instances = new ServiceInstances(mesh, layout, out, emulator, clock, options.instances());
            // the simulator first: what happened before the replay (history, files already landed) is published
            // during its start-up, so the services find it queued when they come up rather than racing it
            MeshLayout.Instance simulator = instances.startSimulator(scenarioFile);
            Map<String, String> simulatorDown = instances.awaitReady(List.of(simulator), READY_TIMEOUT);
            if (!simulatorDown.isEmpty()) {
                throw new IllegalStateException("the pipeline simulator did not start: "
                        + simulatorDown.get(simulator.name()));
            }
            for (String problem : instances.startServices()) {
                problems.add(problem);
                out.println("  ! " + problem);
            }
            out.println("  started the simulator and " + instances.serviceInstances().size() + " service processes"
                    + " (logs in " + layout.logs() + ")");
            Map<String, String> notReady = instances.awaitReady(instances.serviceInstances(), READY_TIMEOUT);
            notReady.forEach((name, why) -> problems.add(name + " did not become ready: " + why));
            notReady.forEach((name, why) -> out.println("  ! " + name + " did not become ready: " + why));
            rememberStartup(options.instances(), Duration.between(launched, Instant.now()));
            out.printf("  mesh ready after %s%n%n", format(Duration.between(wallStart, Instant.now())));
            Timeline timeline = new Timeline(out);
            writer = new ArchiveWriter(emulator, archive, timeline::accept);
            writer.start();
            // what the scenario says happened before its start is delivered (the archive's subscriptions hear it with
            // the services'); then sim time runs from the scenario's start, whatever the start-up took
            awaitQuiet(writer::quietForMillis, HISTORY_QUIET, HISTORY_WAIT);
            clock = mesh.confirmAnchor(clock);
            mesh.writeEnv(emulator, clock, scenarioFile);
            ScenarioClock simClock = ScenarioClock.scenario(clock.start(), clock.anchor(), speed);
            out.printf("── the sim clock is at %s, %s after the launch%n", Timeline.simTime(scenario.start()),
                    format(Duration.between(wallStart, Instant.now())));
            PoisonMessages poison = new PoisonMessages(scenario, emulator);
            RollingRestarts restarts = new RollingRestarts(scenario, instances, readings, out);
            MeshFaults faults = new MeshFaults(scenario, mesh, emulator, instances.pull(), out);
            progressUntil(simClock, scenario, writer, timeline, instances, poison, restarts, faults, problems);
            problems.addAll(restarts.problems());
            problems.addAll(faults.problems());
            if (poison.unsent() > 0) {
                problems.add(poison.unsent() + " poison message(s) were not sent before the end");
            }
            // a run still going at the end heartbeats on: what the verdict judges has settled when all else has
            awaitQuiet(writer::quietButForHeartbeatsMillis, DRAIN_QUIET, Duration.ofSeconds(15));
            problems.addAll(faults.audit(archive.connection()));
            // metrics live in the processes: read them now, before anything is stopped
            instances.running().keySet().forEach(i -> readings.read(instances, i));
            List<ArchivedEvent> events = archive.all();
            ExpectationChecks checks = new ExpectationChecks(scenario, topology, events, archive.connection(),
                    readings.readings());
            Verdict verdict = new Verdict(scenario.name(), checks.evaluate(), Duration.between(wallStart, Instant.now()),
                    problems);
            verdict.print(out, layout.dashboardUrl());
            for (Scenario judged : alsoJudge) {
                Verdict other = new Verdict(judged.name(), new ExpectationChecks(judged, topology, events,
                        archive.connection(), readings.readings()).evaluate(), verdict.wallTime(), problems);
                other.print(out, layout.dashboardUrl());
                alsoJudged.add(other);
            }
            return verdict;
        } finally {
            if (writer != null) {
                writer.close();
            }
            if (archive != null) {
                archive.close();
            }
            if (options.keep()) {
                out.println("Kept running (--keep): ./rebound status, ./rebound down");
            } else {
                List<String> stopped = mesh.processes().stopAll(ManagedProcesses.STOP_GRACE);
                out.println("Stopped " + stopped.size() + " processes started by this run.");
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    out.println("(already shutting down)");
                }
            }
        }
    }

    /**
     * How long after the launch the tentative anchor lies: a little less than the last start-up measured on this
     * machine with as many instances (first run: {@link #STARTUP_LEAD}). A start-up that takes longer only makes the
     * clock stand just before the start until it is over; one that is quicker waits for the anchor, as sim time already
     * runs toward the start by it — time lost, so the guess errs on the short side.
     */
    Duration startupLead(int instances) {
        Path file = startupFile(instances);
        try {
            if (Files.exists(file)) {
                double last = Double.parseDouble(Files.readString(file).trim());
                return Duration.ofSeconds(Math.max(5, Math.min(120, Math.round(last - 2))));
            }
        } catch (IOException | NumberFormatException unreadable) {
            out.println("  (ignoring unreadable " + file + ": " + unreadable.getMessage() + ")");
        }
        return STARTUP_LEAD;
    }

    private Path startupFile(int instances) {
        return layout.runDir().resolve("startup-seconds-" + instances);
    }

    private void rememberStartup(int instances, Duration took) {
        try {
            Files.createDirectories(layout.runDir());
            Files.writeString(startupFile(instances), Long.toString(took.toSeconds()));
        } catch (IOException e) {
            out.println("  (cannot record the start-up time: " + e.getMessage() + ")");
        }
    }

    /** Until {@code quietForMillis} says nothing has reached the archive for {@code quiet}, at most {@code atMost}. */
    private static void awaitQuiet(java.util.function.LongSupplier quietForMillis, Duration quiet, Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (quietForMillis.getAsLong() < quiet.toMillis() && Instant.now().isBefore(deadline)) {
            Mesh.pause(Duration.ofMillis(200));
        }
    }

    private void progressUntil(ScenarioClock clock, Scenario scenario, ArchiveWriter writer, Timeline timeline,
            ServiceInstances instances, PoisonMessages poison, RollingRestarts restarts, MeshFaults faults,
            List<String> problems) {
        long total = Duration.between(scenario.start(), scenario.end()).toMillis();
        Instant nextProgress = Instant.now();
        boolean poisonFailed = false;
        while (clock.instant().isBefore(scenario.end())) {
            if (!poisonFailed) {
                try {
                    // each shows on the timeline when the archive receives it
                    poison.sendDue(clock.instant());
                } catch (RuntimeException e) {
                    poisonFailed = true;
                    problems.add("a poison message could not be published: " + e.getMessage());
                }
            }
            restarts.performDue(clock.instant());
            faults.performDue(clock.instant());
            if (!Instant.now().isBefore(nextProgress)) {
                long done = Math.max(0, Duration.between(scenario.start(), clock.instant()).toMillis());
                List<String> dead = instances.running().entrySet().stream().filter(e -> !e.getValue().isAlive())
                        .map(e -> e.getKey().name()).toList();
                synchronized (out) {
                    out.printf("── sim %s  %3d%%  %d events archived (%d heartbeats, reports, file notifications not printed)%s%s%n",
                            Timeline.simTime(clock.instant()), Math.min(100, done * 100 / total), writer.archived(),
                            timeline.routineEvents(), dead.isEmpty() ? "" : "  DOWN: " + dead,
                            writer.lastError() == null ? "" : "  archive: " + writer.lastError());
                }
                nextProgress = Instant.now().plusSeconds(10);
            }
            Mesh.pause(Duration.ofMillis(250));
        }
    }

    /** What a replay plays: the scenario without its name, description and expectations. */
    static Scenario world(Scenario s) {
        return new Scenario(null, null, s.start(), s.end(), s.speed(), s.pipeline(), s.heartbeatIntervalS(),
                s.cloudScheduler(), s.teams(), s.schedule(), s.files(), s.processors(), s.behaviours(), s.runs(),
                s.storms(), s.history(), s.poison(), s.restarts(), s.faults(), List.of());
    }

    /** A metric or log expectation, and a restart, must name a service of the mesh: found before anything starts. */
    static void servicesNamedExist(Path file, Scenario scenario) {
        List<String> names = allServices().stream().map(MeshLayout.Service::name).toList();
        List<String> restartable = MeshLayout.SERVICES.stream().map(MeshLayout.Service::name).toList();
        for (int i = 0; i < scenario.restarts().size(); i++) {
            String service = scenario.restarts().get(i).service();
            if (!restartable.contains(service)) {
                throw new ScenarioException(file.toString(), "restarts[" + i + "].service",
                        "is not a service of the mesh: " + service + " (one of " + restartable + ")");
            }
        }
        for (int i = 0; i < scenario.expectations().size(); i++) {
            String service = scenario.expectations().get(i).service();
            if (service != null && !names.contains(service)) {
                throw new ScenarioException(file.toString(), "expectations[" + i + "].service",
                        "is not a service of the mesh: " + service + " (one of " + names + ")");
            }
        }
    }

    static List<MeshLayout.Service> allServices() {
        List<MeshLayout.Service> all = new ArrayList<>(MeshLayout.SERVICES);
        all.add(MeshLayout.PIPELINE_SIMULATOR);
        return all;
    }

    static String format(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + String.format("%02ds", d.toSecondsPart()) : d.toSeconds() + "s";
    }
}
