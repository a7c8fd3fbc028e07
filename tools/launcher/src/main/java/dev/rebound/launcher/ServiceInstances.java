package dev.rebound.launcher;

import dev.rebound.localjvm.ClassDataSharing;
import dev.rebound.localjvm.LocalJvmFlags;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JVMs of one mesh: the simulator and {@code count} instances of every service, all on one scenario clock, one
 * emulator and one database. With one instance each service takes its push subscriptions as in production; with
 * more, every instance streams the same pull subscriptions (Pub/Sub's competing consumers share the messages out),
 * and the simulated Cloud Scheduler alternates between the instances. An instance can be restarted mid-replay: kill
 * -9, then a fresh JVM on the same port, as a deploy replaces one instance while the others go on.
 */
public final class ServiceInstances {
    /** {@link LocalJvmFlags#SERVICE_JVM}, then a 256 MB heap and 512 KB thread stacks. */
    private static final List<String> JVM_FLAGS = Stream.concat(LocalJvmFlags.SERVICE_JVM.stream(),
            Stream.of("-Xmx256m", "-Xss512k")).toList();

    private final Mesh mesh;
    private final MeshLayout layout;
    private final PrintStream out;
    private final String emulator;
    private final Mesh.ClockSettings clock;
    private final int count;
    private final Map<MeshLayout.Instance, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public ServiceInstances(Mesh mesh, MeshLayout layout, PrintStream out, String emulator, Mesh.ClockSettings clock,
            int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--instances must be at least 1, was " + count);
        }
        this.mesh = mesh;
        this.layout = layout;
        this.out = out;
        this.emulator = emulator;
        this.clock = clock;
        this.count = count;
    }

    public MeshLayout layout() {
        return layout;
    }

    public int count() {
        return count;
    }

    /** Whether the services pull (several instances) rather than take pushes (one). */
    public boolean pull() {
        return count > 1;
    }

    /** Starts the simulator playing a scenario (or answering triggers only, with {@code scenario} null). */
    public MeshLayout.Instance startSimulator(Path scenario) {
        MeshLayout.Instance sim = layout.instance(MeshLayout.PIPELINE_SIMULATOR, 0);
        Map<String, String> extra = new LinkedHashMap<>();
        if (scenario != null) {
            extra.put("rebound.simulator.scenario", scenario.toString());
        }
        for (MeshLayout.Service s : MeshLayout.SERVICES) {
            extra.put("rebound.simulator.services." + s.name(), layout.instancesOf(s, count).stream()
                    .map(MeshLayout.Instance::baseUrl).collect(Collectors.joining(",")));
        }
        start(sim, extra);
        return sim;
    }

    /** Starts every built instance of every service; returns what could not start (not built). */
    public List<String> startServices() {
        List<String> problems = new ArrayList<>();
        for (MeshLayout.Service s : MeshLayout.SERVICES) {
            if (!layout.built(s)) {
                problems.add(s.name() + " is not built (" + layout.jarOf(s) + " missing): started without it");
                continue;
            }
            for (MeshLayout.Instance instance : layout.instancesOf(s, count)) {
                start(instance, Map.of());
            }
        }
        return problems;
    }

    /** kill -9 of one instance, then a fresh one in its place (not waited for: the others carry on meanwhile). */
    public void restart(MeshLayout.Instance instance) {
        Process old = running.get(instance);
        if (old != null) {
            old.destroyForcibly();
            try {
                old.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        start(instance, Map.of());
    }

    /** Whether the mesh runs this instance (a restart of one it does not run is skipped). */
    public boolean runs(MeshLayout.Instance instance) {
        return running.containsKey(instance);
    }

    public Map<MeshLayout.Instance, Process> running() {
        return Map.copyOf(running);
    }

    private void start(MeshLayout.Instance instance, Map<String, String> extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Mesh.java());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(ClassDataSharing.flagsFor(layout.jarOf(instance.service())));
        cmd.add("-Dquarkus.profile=local");
        cmd.add("-Dquarkus.http.port=" + instance.port());
        cmd.add("-Dquarkus.datasource.jdbc.url=" + mesh.databaseUrl());
        cmd.add("-Drebound.pubsub.emulator-host=" + emulator);
        cmd.add("-Drebound.pubsub.project-id=" + MeshLayout.PROJECT_ID);
        cmd.add("-Drebound.clock.mode=scenario");
        cmd.add("-Drebound.clock.start=" + clock.start());
        cmd.add("-Drebound.clock.anchor=" + clock.anchor());
        if (clock.tentative()) {
            cmd.add("-Drebound.clock.anchor-file=" + layout.clockAnchor());
        }
        cmd.add("-Drebound.clock.speed=" + clock.speed());
        if (pull() && instance.service() != MeshLayout.PIPELINE_SIMULATOR) {
            cmd.add("-Drebound.push.delivery=pull");
        }
        extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(layout.jarOf(instance.service()).toString());
        Process p = mesh.startProcess(instance.name(), cmd,
                Map.of("NO_GCE_CHECK", "true", "PUBSUB_EMULATOR_HOST", emulator));
        mesh.processes().record(instance.name(), p, instance.port(), layout.jarOf(instance.service()).toString());
        running.put(instance, p);
    }

    /** Health of an instance: "ready", "not ready (HTTP n)" or "down". */
    public String health(MeshLayout.Instance instance) {
        return health(http, instance.baseUrl());
    }

    static String health(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "ready" : "not ready (HTTP " + r.statusCode() + ")";
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down";
        }
    }

    /** The instance's Prometheus exposition ({@code /q/metrics}); throws with the reason when it cannot be read. */
    public String metrics(MeshLayout.Instance instance) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/q/metrics"))
                    .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(instance.name() + " /q/metrics answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(instance.name() + " /q/metrics cannot be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + instance.name() + " /q/metrics", e);
        }
    }

    /**
     * Waits until every given instance answers ready, or its process died, or the deadline passed. Returns the
     * instances that did not become ready, with why.
     */
    public Map<String, String> awaitReady(List<MeshLayout.Instance> instances, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> pending = new LinkedHashMap<>();
        instances.forEach(i -> pending.put(i.name(), "not ready"));
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            for (MeshLayout.Instance instance : instances) {
                String name = instance.name();
                Process p = running.get(instance);
                if (!pending.containsKey(name)) {
                    continue;
                }
                if (p == null || !p.isAlive()) {
                    pending.put(name, "exited" + (p == null ? "" : " with status " + p.exitValue()) + " (see "
                            + layout.logOf(name) + ")");
                    continue;
                }
                if ("ready".equals(health(instance))) {
                    pending.remove(name);
                    out.printf("  %-24s ready on :%d%n", name, instance.port());
                }
            }
            if (pending.values().stream().allMatch(v -> v.startsWith("exited"))) {
                break;
            }
            Mesh.pause(Duration.ofMillis(300));
        }
        return pending;
    }

    /** Every service instance started (the simulator not included). */
    public List<MeshLayout.Instance> serviceInstances() {
        return running.keySet().stream().filter(i -> i.service() != MeshLayout.PIPELINE_SIMULATOR).toList();
    }
}
