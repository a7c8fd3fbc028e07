package dev.rebound.launcher;

import dev.rebound.scenario.Scenario;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plays a scenario's {@code restarts}: at each one's sim time, the instance's metrics are read (what Prometheus would
 * have scraped before the crash), the instance is killed -9 and a fresh one started on its port while the other
 * instances go on. A restart of an instance the mesh does not run is skipped and said so. A restarted instance that
 * is not ready again by the end of the replay is a problem of the run.
 */
final class RollingRestarts {
    private static final java.time.Duration READY_AGAIN = java.time.Duration.ofSeconds(60);
    private final List<Scenario.Restart> pending;
    private final ServiceInstances instances;
    private final ServiceReadings.Collector readings;
    private final PrintStream out;
    private final List<MeshLayout.Instance> restarted = new ArrayList<>();

    RollingRestarts(Scenario scenario, ServiceInstances instances, ServiceReadings.Collector readings,
            PrintStream out) {
        this.pending = new ArrayList<>(scenario.restarts());
        this.pending.sort(Comparator.comparing(Scenario.Restart::at));
        this.instances = instances;
        this.readings = readings;
        this.out = out;
    }

    void performDue(Instant now) {
        while (!pending.isEmpty() && !pending.get(0).at().isAfter(now)) {
            Scenario.Restart r = pending.remove(0);
            MeshLayout.Instance instance = instanceOf(r);
            if (!instances.runs(instance)) {
                synchronized (out) {
                    out.printf("%s  ↻ restart of %s skipped: the mesh runs %d instance(s) of %s%n",
                            Timeline.simTime(r.at()), instance.name(), instances.count(), r.service());
                }
                continue;
            }
            readings.read(instances, instance);
            instances.restart(instance);
            restarted.add(instance);
            synchronized (out) {
                out.printf("%s  ↻ %s killed (-9) and started afresh on :%d%n", Timeline.simTime(r.at()),
                        instance.name(), instance.port());
            }
        }
    }

    /** Restarted instances not ready again (given a minute more), and restarts the replay ended before. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        instances.awaitReady(restarted, READY_AGAIN).forEach((name, why) ->
                problems.add(name + " was restarted and is not ready again: " + why));
        pending.forEach(r -> problems.add("the replay ended before the restart of " + instanceOf(r).name()
                + " at " + Timeline.simTime(r.at())));
        return problems;
    }

    private MeshLayout.Instance instanceOf(Scenario.Restart r) {
        MeshLayout.Service service = MeshLayout.SERVICES.stream().filter(s -> s.name().equals(r.service()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a service of the mesh: "
                        + r.service()));
        return instances.layout().instance(service, r.instance());
    }
}
