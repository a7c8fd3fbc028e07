package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Planning time for 1,000 simultaneous failures across 50 processors and 7 dates, on a synthetic topology of five
 * phases of ten processors (each depending on two or three of the previous phase, a fifth of the edges with a
 * one-day offset). Run:
 * {@code ./mvnw -q -pl services/backfill-orchestrator test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=dev.rebound.backfillorchestrator.PlanningBenchmark -Dexec.classpathScope=test}
 * Baseline, measured in the same run: the bare graph work of planning each failure on its own (walk upstream,
 * list dependents) without the orchestrator's state, dedupe or triggering. The engine runs as the service does: each
 * failure one decision (a transaction holding the decision lock) on a pooled PostgreSQL store, starting empty.
 */
public final class PlanningBenchmark {
    private static final int FAILURES = 1_000;
    private static final int PROCESSORS_PER_PHASE = 10;
    private static final int PHASES = 5;
    private static final int DATES = 7;
    private static final int WARMUP = 3;
    private static final int RUNS = 7;
    private static final Instant NOW = Instant.parse("2026-01-23T15:00:00Z");
    private static final LocalDate LAST_DATE = LocalDate.of(2026, 1, 23);

    private PlanningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Topology topology = syntheticTopology();
        List<RunKey> failures = failures(topology);
        Set<RunKey> distinct = new HashSet<>(failures);
        System.out.printf(Locale.ROOT, "topology: %d processors, %d edges; %d failures over %d distinct runs, %d dates%n",
                topology.processors().size(), topology.config().edges().size(), failures.size(), distinct.size(),
                DATES);
        System.out.printf(Locale.ROOT, "java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        List<String> names = List.of("baseline: per-failure graph walk, no state",
                "engine, PostgreSQL store (as the service: one decision per failure)");
        List<Supplier<Run>> variants = List.of(() -> () -> {
            long steps = 0;
            for (RunKey failure : failures) {
                for (RunKey root : upstreamRoots(topology, failure)) {
                    steps += topology.dependentsOf(root).size();
                }
            }
            return steps;
        }, () -> engineRun(topology, failures));
        List<Result> results = measureInterleaved(names, variants);
        Result baseline = results.get(0);
        Result engine = results.get(1);

        System.out.println();
        System.out.printf(Locale.ROOT, "| variant | median ms | min ms | max ms | per failure µs |%n|---|---|---|---|---|%n");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", r.name, r.median, r.min, r.max,
                    r.median * 1000 / FAILURES);
        }
        System.out.printf(Locale.ROOT, "ratio engine/baseline: %.1fx%n", engine.median / baseline.median);
    }

    private record Result(String name, double median, double min, double max) {
    }

    interface Run {
        long run();
    }

    /** Round-robin over the variants, so that machine noise and JIT warm-up fall on all of them alike. */
    private static List<Result> measureInterleaved(List<String> names, List<Supplier<Run>> variants) {
        List<List<Double>> times = new ArrayList<>();
        long[] checks = new long[variants.size()];
        variants.forEach(v -> times.add(new ArrayList<>()));
        for (int i = 0; i < WARMUP + RUNS; i++) {
            for (int v = 0; v < variants.size(); v++) {
                Run run = variants.get(v).get();
                long start = System.nanoTime();
                checks[v] = run.run();
                double ms = (System.nanoTime() - start) / 1e6;
                if (i >= WARMUP) {
                    times.get(v).add(ms);
                }
            }
        }
        List<Result> out = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            List<Double> t = times.get(v);
            Collections.sort(t);
            System.out.printf(Locale.ROOT, "%s: %s ms (last run's checksum %d)%n", names.get(v), t, checks[v]);
            out.add(new Result(names.get(v), t.get(t.size() / 2), t.get(0), t.get(t.size() - 1)));
        }
        return out;
    }

    /** A run on an empty store of its own (a new schema); the store is closed once the run is measured. */
    private static Run engineRun(Topology topology, List<RunKey> failures) {
        EngineHarness h = new EngineHarness(topology, NOW);
        return () -> {
            try (h) {
                int i = 0;
                for (RunKey failure : failures) {
                    h.engine.failed(failure, "run-" + i++, RunStatus.ERROR, NOW.minusSeconds(60), "synthetic", null);
                }
                return h.engine.openPlanCount() * 1_000_000L + h.events.queued().size();
            }
        };
    }

    /** Roots of one failure by the same rule as the engine, with every failed run known broken. */
    private static List<RunKey> upstreamRoots(Topology topology, RunKey failure) {
        List<RunKey> roots = new ArrayList<>();
        Set<RunKey> seen = new HashSet<>();
        List<RunKey> stack = new ArrayList<>(List.of(failure));
        while (!stack.isEmpty()) {
            RunKey run = stack.remove(stack.size() - 1);
            if (!seen.add(run)) {
                continue;
            }
            List<RunKey> broken = topology.upstreamRunsOf(run).stream().filter(FAILED_SET::contains).toList();
            if (broken.isEmpty()) {
                roots.add(run);
            }
            stack.addAll(broken);
        }
        return roots;
    }

    private static final Set<RunKey> FAILED_SET = new HashSet<>();

    private static List<RunKey> failures(Topology topology) {
        Random random = new Random(42);
        List<RunKey> out = new ArrayList<>();
        List<String> names = topology.order();
        for (int i = 0; i < FAILURES; i++) {
            out.add(new RunKey(names.get(random.nextInt(names.size())), LAST_DATE.minusDays(random.nextInt(DATES))));
        }
        FAILED_SET.addAll(out);
        return out;
    }

    private static Topology syntheticTopology() throws IOException {
        Random random = new Random(7);
        StringBuilder yaml = new StringBuilder();
        yaml.append("name: synthetic-benchmark\n");
        yaml.append("schedule: {table: bench.schedule, date_column: game_date, game_column: game_id,"
                + " home_team_column: home, away_team_column: away, tipoff_column: tipoff_at}\n");
        yaml.append("processors:\n");
        for (int phase = 0; phase < PHASES; phase++) {
            for (int i = 0; i < PROCESSORS_PER_PHASE; i++) {
                yaml.append("  - {name: P").append(phase).append('_').append(i).append(", phase: ").append(phase + 1)
                        .append("}\n");
            }
        }
        yaml.append("edges:\n");
        for (int phase = 1; phase < PHASES; phase++) {
            for (int i = 0; i < PROCESSORS_PER_PHASE; i++) {
                int fanIn = 2 + random.nextInt(2);
                Set<Integer> from = new HashSet<>();
                while (from.size() < fanIn) {
                    from.add(random.nextInt(PROCESSORS_PER_PHASE));
                }
                for (int f : from) {
                    yaml.append("  - {from: P").append(phase - 1).append('_').append(f).append(", to: P").append(phase)
                            .append('_').append(i).append(random.nextInt(5) == 0 ? ", date_offset_days: -1" : "")
                            .append(", min_coverage: 0.9}\n");
                }
            }
        }
        yaml.append("heartbeats: {default_interval_s: 60, stuck_after_intervals: 3, overrides: []}\n");
        yaml.append("coverage: {min_players: 8, alert_before_first_tipoff: PT2H, evaluate_every: PT15M}\n");
        yaml.append("repair: {max_attempts: 3, backoff_initial: PT2M, backoff_multiplier: 2.0, backoff_max: PT30M,"
                + " max_concurrent_triggers: 4, sweep_every: PT30M}\n");
        Path file = Files.createTempFile("synthetic-topology", ".yaml");
        Files.writeString(file, yaml.toString());
        try {
            return PipelineLoader.load(file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
