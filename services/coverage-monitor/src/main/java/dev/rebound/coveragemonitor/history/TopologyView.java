package dev.rebound.coveragemonitor.history;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline's runs for one date as a DAG: the pipeline YAML's edges between (processor, data date) — an edge with
 * a date offset brings in the upstream's other date, e.g. D-1 — each run's state and verdict history, and the
 * critical path to the first tip-off: from the last coverage run back along what each run waited for, the chain
 * that decides when the date's output lands.
 */
public record TopologyView(String pipeline, LocalDate date, Instant firstTipoff, Instant now, List<Node> nodes,
        List<Link> edges, List<String> criticalPath) {

    /** {@code column}: the run's depth in the DAG, for layout; {@code expectedBy}: the YAML's expected_by, if any. */
    public record Node(String id, String processor, LocalDate dataDate, int phase, int column, RunState state,
            List<RunVerdicts.Verdict> history, Instant finishedAt, Instant expectedBy, boolean critical) {
    }

    /** {@code minCoverage}: the soft threshold under which the downstream runs degraded. */
    public record Link(String from, String to, int dateOffsetDays, Integer freshnessDays, double minCoverage,
            boolean critical) {
    }

    static String id(RunKey run) {
        return run.processor() + "@" + run.dataDate();
    }

    static TopologyView of(Topology topology, LocalDate date, Instant firstTipoff, Instant now, RunVerdicts verdicts) {
        List<RunKey> runs = runsFor(topology, date);
        Map<RunKey, Integer> column = new HashMap<>();
        for (RunKey run : runs) {
            column.put(run, topology.upstreamRunsOf(run).stream().mapToInt(u -> column.getOrDefault(u, -1) + 1)
                    .max().orElse(0));
        }
        Set<RunKey> critical = criticalPath(topology, runs, verdicts);
        List<Node> nodes = runs.stream().map(run -> {
            PipelineConfig.Processor p = topology.processor(run.processor()).orElseThrow();
            return new Node(id(run), run.processor(), run.dataDate(), p.phase(), column.get(run), verdicts.state(run),
                    verdicts.of(run), verdicts.finishedAt(run),
                    p.expectedBy() == null ? null : p.expectedBy().on(run.dataDate()), critical.contains(run));
        }).toList();
        List<Link> links = new ArrayList<>();
        for (RunKey run : runs) {
            // upstreamRunsOf maps upstreamOf's edges in order: the i-th run is the i-th edge's upstream
            List<PipelineConfig.Edge> edges = topology.upstreamOf(run.processor());
            List<RunKey> upstream = topology.upstreamRunsOf(run);
            for (int i = 0; i < edges.size(); i++) {
                PipelineConfig.Edge e = edges.get(i);
                RunKey from = upstream.get(i);
                links.add(new Link(id(from), id(run), e.offset(), e.freshnessDays(), e.minCoverage(),
                        critical.contains(from) && critical.contains(run)));
            }
        }
        List<String> path = runs.stream().filter(critical::contains).map(TopologyView::id).toList();
        return new TopologyView(topology.name(), date, firstTipoff, now, nodes, links, path);
    }

    /** Every run the date's final runs need, transitively, in dependency order (upstream first). */
    private static List<RunKey> runsFor(Topology topology, LocalDate date) {
        Set<RunKey> seen = new LinkedHashSet<>();
        Deque<RunKey> queue = new ArrayDeque<>();
        topology.order().stream().filter(p -> topology.downstreamOf(p).isEmpty())
                .forEach(p -> queue.add(new RunKey(p, date)));
        seen.addAll(queue);
        while (!queue.isEmpty()) {
            for (RunKey up : topology.upstreamRunsOf(queue.poll())) {
                if (seen.add(up)) {
                    queue.add(up);
                }
            }
        }
        List<RunKey> runs = new ArrayList<>(seen);
        runs.sort(Comparator.comparingInt((RunKey r) -> topology.rank(r.processor())).thenComparing(RunKey::dataDate));
        return runs;
    }

    /**
     * Back from the last coverage run: from a run not started yet, to an upstream that has not finished (what it
     * waits for), else to the one that finished last; from a run that has started, to the upstream that finished
     * last (what it waited for), and no further once no upstream has finished (it was not waiting for them).
     */
    private static Set<RunKey> criticalPath(Topology topology, List<RunKey> runs, RunVerdicts verdicts) {
        List<PipelineConfig.Processor> coverage = topology.coverageProcessors();
        String last = coverage.isEmpty() ? runs.get(runs.size() - 1).processor()
                : coverage.get(coverage.size() - 1).name();
        RunKey at = runs.stream().filter(r -> r.processor().equals(last)).reduce((a, b) -> b).orElseThrow();
        Set<RunKey> path = new LinkedHashSet<>(List.of(at));
        Comparator<RunKey> finishedLast = Comparator.comparing(r -> verdicts.finishedAt(r) == null ? Instant.MIN
                : verdicts.finishedAt(r));
        while (true) {
            List<RunKey> upstream = topology.upstreamRunsOf(at);
            Optional<RunKey> next = verdicts.state(at) == RunState.NOT_RUN
                    ? upstream.stream().max(Comparator.comparing((RunKey r) -> verdicts.finishedAt(r) == null)
                            .thenComparing(finishedLast))
                    : upstream.stream().filter(r -> verdicts.finishedAt(r) != null).max(finishedLast);
            if (next.isEmpty() || !path.add(next.get())) {
                return path;
            }
            at = next.get();
        }
    }
}
