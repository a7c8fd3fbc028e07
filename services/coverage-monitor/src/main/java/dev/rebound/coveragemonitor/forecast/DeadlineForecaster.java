package dev.rebound.coveragemonitor.forecast;

import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.DeadlineAtRisk.RunState;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Forecasts when a game date's last coverage phase lands, walking the topology upstream from it (date offsets and
 * freshness windows as the edges say). Each run the landing needs is, as last seen:
 * <ul>
 * <li>completed: it landed when it completed;</li>
 * <li>running: it finishes as {@link RunningProjection} says — and, when an upstream it needs has not completed,
 * it is re-run after that upstream, since what it reads is incomplete;</li>
 * <li>not started: it starts when its upstream runs have finished (now at the earliest);</li>
 * <li>failed, or stuck (declared, or silent past its threshold): it is re-run after the repair backoff and its
 * upstream runs.</li>
 * </ul>
 * The critical path follows, from the last phase back, the upstream that finishes last; its root is the run the
 * landing waits for. Pure: no storage, no clock, no messaging.
 */
public final class DeadlineForecaster {
    private final Topology topology;
    private final PipelineConfig.Forecast settings;
    private final Duration restartAfter;
    private final List<String> lastPhases;

    public DeadlineForecaster(Topology topology) {
        this.topology = topology;
        this.settings = topology.config().forecast();
        this.restartAfter = topology.config().repair().backoffInitial();
        this.lastPhases = lastPhases(topology);
    }

    public PipelineConfig.Forecast settings() {
        return settings;
    }

    /** The coverage processors no other coverage processor depends on: a date has landed when they completed. */
    public List<String> lastPhases() {
        return lastPhases;
    }

    /** The forecast of the date, or empty when it has no games or the pipeline counts no coverage phase. */
    public Optional<DateForecast> forecast(ForecastInput input) {
        if (input.games().isEmpty() || lastPhases.isEmpty()) {
            return Optional.empty();
        }
        Walk walk = new Walk(input, new DurationEstimates(settings, input.durations()));
        Node last = lastPhases.stream().map(p -> walk.node(p, input.gameDate(), input.gameDate()))
                .max(Comparator.comparing((Node n) -> n.finish.p95()).thenComparing(n -> n.finish.expected()))
                .orElseThrow();
        String phase = topology.processor(last.processor).orElseThrow().coverage().phase();
        Instant landedAt = last.state == RunState.COMPLETED ? last.finish.expected() : null;
        DeadlineAtRisk.Landing landing = new DeadlineAtRisk.Landing(last.finish.expected(), last.finish.p95());
        List<DateForecast.GameVerdict> games = input.games().stream().map(g -> verdict(g, landing, input.now()))
                .toList();
        if (landedAt != null) {
            return Optional.of(new DateForecast(input.gameDate(), input.now(), phase, landedAt, landing, games,
                    List.of(), null, null, null, false));
        }
        List<Node> path = new ArrayList<>();
        for (Node n = last; n != null; n = n.critical) {
            path.add(n);
        }
        Collections.reverse(path);
        Node root = path.get(0);
        List<DeadlineAtRisk.PathStep> steps = path.stream().limit(DeadlineAtRisk.MAX_PATH)
                .map(n -> new DeadlineAtRisk.PathStep(n.processor, n.dataDate, n.state, n.finish.expected(),
                        n.finish.p95())).toList();
        boolean behind = root.behind();
        return Optional.of(new DateForecast(input.gameDate(), input.now(), phase, null, landing, games, steps,
                root.criticalRun(), cause(root.state), CauseDetail.describe(root.state, root.processor, root.dataDate,
                        root.run, root.usual, root.finish, input.now(), !topology.upstreamOf(root.processor).isEmpty(),
                        behind),
                behind));
    }

    private DateForecast.GameVerdict verdict(ForecastInput.Game game, DeadlineAtRisk.Landing landing, Instant now) {
        Instant deadline = game.tipoffAt().minus(settings.safetyMargin());
        Duration spread = Duration.between(landing.expected(), landing.p95());
        Instant atRiskLanding = landing.expected().plusMillis(Math.round(spread.toMillis() * settings.atRiskLanding()));
        return new DateForecast.GameVerdict(game.gameId(), game.tipoffAt(), deadline, !now.isBefore(game.tipoffAt()),
                Duration.between(landing.expected(), deadline), Duration.between(landing.p95(), deadline),
                Duration.between(atRiskLanding, deadline));
    }

    private static DeadlineAtRisk.Cause cause(RunState root) {
        return switch (root) {
            case RUNNING -> DeadlineAtRisk.Cause.SLOW_PROGRESS;
            case NOT_STARTED -> DeadlineAtRisk.Cause.NOT_STARTED;
            case FAILED, STUCK, COMPLETED -> DeadlineAtRisk.Cause.WAITING_ON_UPSTREAM;
        };
    }

    /** Coverage processors with no coverage processor downstream of them: the phases a date is done with. */
    private static List<String> lastPhases(Topology topology) {
        Set<String> coverage = topology.coverageProcessors().stream().map(PipelineConfig.Processor::name)
                .collect(Collectors.toSet());
        LocalDate any = LocalDate.EPOCH;
        return coverage.stream().filter(p -> topology.dependentsOf(new Topology.RunKey(p, any)).stream()
                .noneMatch(r -> !r.processor().equals(p) && coverage.contains(r.processor()))).sorted().toList();
    }

    /** One run of the forecast, resolved from what was seen. */
    private static final class Node {
        String processor;
        LocalDate dataDate;
        RunState state;
        ObservedRun run;
        DurationEstimates.Estimate usual;
        Finish finish;
        /** The upstream run that decides when this one can (re)start, when one does. */
        Node critical;

        /**
         * Itself behind, rather than on time after runs that were late: running and forecast to take longer in all
         * than its processor's p95; not started although its inputs are ready; failed or stuck.
         */
        boolean behind() {
            return switch (state) {
                case RUNNING -> Duration.between(run.startedAt() != null ? run.startedAt() : run.lastSeenAt(),
                        finish.expected()).compareTo(usual.p95()) > 0;
                case NOT_STARTED, FAILED, STUCK -> true;
                case COMPLETED -> false;
            };
        }

        DeadlineAtRisk.CriticalRun criticalRun() {
            boolean live = run != null && state != RunState.NOT_STARTED;
            return new DeadlineAtRisk.CriticalRun(processor, dataDate, state, live ? run.runId() : null,
                    live && run.lastProgress() != null ? new ProcessorHeartbeat.Progress(
                            run.lastProgress().done(), run.lastProgress().total()) : null);
        }
    }

    /** One forecast's walk over the topology, each run computed once. */
    private final class Walk {
        private final ForecastInput input;
        private final DurationEstimates estimates;
        private final Map<String, Node> memo = new HashMap<>();

        Walk(ForecastInput input, DurationEstimates estimates) {
            this.input = input;
            this.estimates = estimates;
        }

        /** The run of {@code processor} the landing needs: one date, or any date of a freshness window. */
        Node node(String processor, LocalDate from, LocalDate to) {
            String key = processor + "|" + from + "|" + to;
            Node known = memo.get(key);
            if (known != null) {
                return known;
            }
            Node node = RunResolver.resolve(processor, from, to, input.runs(), input.now(), topology);
            node.usual = estimates.of(processor);
            memo.put(key, node);
            if (node.state == RunState.COMPLETED) {
                node.finish = Finish.at(node.run.endedAt());
                return node;
            }
            List<Node> upstream = new ArrayList<>();
            for (PipelineConfig.Edge e : topology.upstreamOf(processor)) {
                upstream.add(e.byFreshness()
                        ? node(e.from(), node.dataDate.minusDays(e.freshnessDays()), node.dataDate)
                        : node(e.from(), node.dataDate.plusDays(e.offset()), node.dataDate.plusDays(e.offset())));
            }
            Node latest = upstream.stream().filter(u -> u.state != RunState.COMPLETED)
                    .max(Comparator.comparing((Node u) -> u.finish.p95())).orElse(null);
            Instant floor = switch (node.state) {
                case FAILED, STUCK -> input.now().plus(restartAfter);
                default -> input.now();
            };
            Finish afterUpstream = Finish.after(floor, upstream.stream().map(u -> u.finish).toList(), node.usual);
            if (node.state == RunState.RUNNING) {
                Finish own = RunningProjection.of(node.run, node.usual, input.now());
                boolean rerun = latest != null && afterUpstream.p95().isAfter(own.p95());
                node.finish = rerun ? afterUpstream : own;
                node.critical = rerun ? latest : null;
            } else {
                node.finish = afterUpstream;
                node.critical = latest != null && latest.finish.p95().isAfter(floor) ? latest : null;
            }
            return node;
        }
    }

    /** Picks, among the attempts seen for a run, the one that says most about when it lands. */
    private static final class RunResolver {
        private RunResolver() {
        }

        static Node resolve(String processor, LocalDate from, LocalDate to, List<ObservedRun> runs, Instant now,
                Topology topology) {
            List<ObservedRun> seen = runs.stream().filter(r -> r.processor().equals(processor)
                    && !r.dataDate().isBefore(from) && !r.dataDate().isAfter(to)).toList();
            Node node = new Node();
            node.processor = processor;
            node.dataDate = to;
            node.state = RunState.NOT_STARTED;
            Optional<ObservedRun> completed = seen.stream().filter(r -> r.status() == ObservedRun.Status.COMPLETED)
                    .min(Comparator.comparing(ObservedRun::endedAt));
            Optional<ObservedRun> running = seen.stream().filter(r -> r.status() == ObservedRun.Status.RUNNING)
                    .filter(r -> !silent(r, now, topology))
                    .max(Comparator.comparing(ObservedRun::lastSeenAt));
            Optional<ObservedRun> broken = seen.stream().filter(r -> r.status() != ObservedRun.Status.COMPLETED)
                    .max(Comparator.comparing(ObservedRun::lastSeenAt));
            ObservedRun chosen = completed.or(() -> running).or(() -> broken).orElse(null);
            if (chosen != null) {
                node.run = chosen;
                node.dataDate = chosen.dataDate();
                node.state = switch (chosen.status()) {
                    case COMPLETED -> RunState.COMPLETED;
                    case FAILED -> RunState.FAILED;
                    case STUCK -> RunState.STUCK;
                    case RUNNING -> silent(chosen, now, topology) ? RunState.STUCK : RunState.RUNNING;
                };
            }
            return node;
        }

        /** Silent past its stuck threshold: the tracker declares it stuck any moment now. */
        private static boolean silent(ObservedRun run, Instant now, Topology topology) {
            Duration threshold = topology.stuckThreshold(run.processor(), run.heartbeatIntervalS());
            return Duration.between(run.lastSeenAt(), now).compareTo(threshold) > 0;
        }
    }
}
