package dev.rebound.runtime.pipeline;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The validated pipeline with graph queries: upstream and downstream edges, order, stuck thresholds. */
public final class Topology {
    private final PipelineConfig config;
    private final Map<String, PipelineConfig.Processor> processors = new LinkedHashMap<>();
    private final Map<String, List<PipelineConfig.Edge>> upstream = new HashMap<>();
    private final Map<String, List<PipelineConfig.Edge>> downstream = new HashMap<>();
    private final List<String> order;

    /** A processor run for a date: a node of a repair plan. */
    public record RunKey(String processor, LocalDate dataDate) {
        @Override
        public String toString() {
            return processor + "(" + dataDate + ")";
        }
    }

    Topology(PipelineConfig config) {
        this.config = config;
        config.processors().forEach(p -> processors.put(p.name(), p));
        for (PipelineConfig.Edge e : config.edges()) {
            upstream.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
            downstream.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        }
        this.order = topologicalOrder();
    }

    public PipelineConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public List<PipelineConfig.Processor> processors() {
        return List.copyOf(processors.values());
    }

    public Optional<PipelineConfig.Processor> processor(String name) {
        return Optional.ofNullable(processors.get(name));
    }

    public boolean knows(String processor) {
        return processors.containsKey(processor);
    }

    public List<PipelineConfig.Edge> upstreamOf(String processor) {
        return upstream.getOrDefault(processor, List.of());
    }

    public List<PipelineConfig.Edge> downstreamOf(String processor) {
        return downstream.getOrDefault(processor, List.of());
    }

    /** Processors in dependency order (every upstream before its dependents; ties by phase, then name). */
    public List<String> order() {
        return order;
    }

    public int rank(String processor) {
        return order.indexOf(processor);
    }

    /**
     * The runs that depend on {@code root}, transitively, with their dates (an edge with date offset -1 makes
     * PGS(D-1) → PDC(D), so a dependent's date is the upstream's date minus the offset). Freshness edges fan out
     * to the upstream's date only. Sorted in topological order, then date; the root first.
     */
    public List<RunKey> dependentsOf(RunKey root) {
        Set<RunKey> seen = new LinkedHashSet<>();
        Deque<RunKey> queue = new ArrayDeque<>();
        queue.add(root);
        seen.add(root);
        while (!queue.isEmpty()) {
            RunKey run = queue.poll();
            for (PipelineConfig.Edge e : downstreamOf(run.processor())) {
                LocalDate date = e.byFreshness() ? run.dataDate() : run.dataDate().minusDays(e.offset());
                RunKey next = new RunKey(e.to(), date);
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        List<RunKey> out = new ArrayList<>(seen);
        out.sort(Comparator.comparingInt((RunKey r) -> rank(r.processor())).thenComparing(RunKey::dataDate));
        return out;
    }

    /** The upstream runs a run needs (exact-date edges; freshness edges give the run's own date as the newest). */
    public List<RunKey> upstreamRunsOf(RunKey run) {
        return upstreamOf(run.processor()).stream()
                .map(e -> new RunKey(e.from(), e.byFreshness() ? run.dataDate() : run.dataDate().plusDays(e.offset())))
                .toList();
    }

    /** How long a run of this processor may be silent before it is stuck, given its heartbeat interval. */
    public Duration stuckThreshold(String processor, Integer heartbeatIntervalS) {
        PipelineConfig.Heartbeats h = config.heartbeats();
        int interval = heartbeatIntervalS == null || heartbeatIntervalS <= 0 ? h.defaultIntervalS() : heartbeatIntervalS;
        int multiple = h.stuckAfterIntervals();
        if (h.overrides() != null) {
            for (PipelineConfig.HeartbeatOverride o : h.overrides()) {
                if (o.processor().equals(processor)) {
                    if (o.stuckAfterS() != null) {
                        return Duration.ofSeconds(o.stuckAfterS());
                    }
                    if (o.stuckAfterIntervals() != null) {
                        multiple = o.stuckAfterIntervals();
                    }
                }
            }
        }
        return Duration.ofSeconds((long) interval * multiple);
    }

    /**
     * How many days newer a landed input of this scraper may be than a missing one and still stand in for it: the
     * smallest {@code freshness_days} of the edges out of the processors the scraper feeds, 0 (nothing stands in)
     * when one of them needs its exact date or the scraper feeds nothing. Within that window every consumer's
     * freshness edge accepts the newer input, so the missing one is informational, not a repair target.
     */
    public int supersedingDays(String scraper) {
        int days = Integer.MAX_VALUE;
        for (PipelineConfig.Processor fed : processors()) {
            if (!scraper.equals(fed.triggeredByScraper())) {
                continue;
            }
            for (PipelineConfig.Edge edge : downstreamOf(fed.name())) {
                if (!edge.byFreshness()) {
                    return 0;
                }
                days = Math.min(days, edge.freshnessDays());
            }
        }
        return days == Integer.MAX_VALUE ? 0 : days;
    }

    /** Processors whose output is counted per game, in topological order. */
    public List<PipelineConfig.Processor> coverageProcessors() {
        return order.stream().map(processors::get).filter(p -> p.coverage() != null).toList();
    }

    public Optional<PipelineConfig.Processor> processorOfPhase(String phase) {
        return processors.values().stream()
                .filter(p -> p.coverage() != null && p.coverage().phase().equals(phase)).findFirst();
    }

    /** Every processor upstream of this one, transitively (for root-cause walks), nearest first. */
    public List<PipelineConfig.Edge> upstreamClosure(String processor) {
        List<PipelineConfig.Edge> out = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>(List.of(processor));
        Set<String> seen = new LinkedHashSet<>(List.of(processor));
        while (!queue.isEmpty()) {
            for (PipelineConfig.Edge e : upstreamOf(queue.poll())) {
                out.add(e);
                if (seen.add(e.from())) {
                    queue.add(e.from());
                }
            }
        }
        return out;
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> indegree = new HashMap<>();
        processors.keySet().forEach(p -> indegree.put(p, upstreamOf(p).size()));
        Comparator<String> tie = Comparator.comparingInt((String p) -> processors.get(p).phase())
                .thenComparing(Comparator.naturalOrder());
        List<String> ready = new ArrayList<>(indegree.entrySet().stream().filter(e -> e.getValue() == 0)
                .map(Map.Entry::getKey).toList());
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            ready.sort(tie);
            String next = ready.remove(0);
            out.add(next);
            for (PipelineConfig.Edge e : downstreamOf(next)) {
                if (indegree.merge(e.to(), -1, Integer::sum) == 0) {
                    ready.add(e.to());
                }
            }
        }
        return List.copyOf(out);
    }
}
