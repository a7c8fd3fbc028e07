package dev.rebound.heartbeattracker.rest;

import dev.rebound.heartbeattracker.RunState;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.http.Guarded;
import dev.rebound.runtime.pipeline.DurationPercentiles;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Per-processor liveness: last success, last failure (a failure event or a stuck verdict,
 * whichever is newer), the current run, and p50/p95 duration of the recent completed runs.
 */
@Path("/processors/health")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class ProcessorHealthResource {
    private final RunStore store;
    private final Topology topology;
    private final HeartbeatConfig config;

    public ProcessorHealthResource(RunStore store, Topology topology, HeartbeatConfig config) {
        this.store = store;
        this.topology = topology;
        this.config = config;
    }

    public record ProcessorHealth(String processor, boolean inTopology, LastSuccess lastSuccess,
            LastFailure lastFailure, RunView currentRun, int recentCompletedRuns, Double p50DurationS,
            Double p95DurationS) {
    }

    public record LastSuccess(String runId, LocalDate dataDate, Instant completedAt, Double durationS,
            Long recordsWritten) {
    }

    public record LastFailure(String runId, LocalDate dataDate, Instant at, String reason, String message) {
    }

    @GET
    public List<ProcessorHealth> health() {
        Set<String> processors = new LinkedHashSet<>(topology.order());
        processors.addAll(store.processors());
        List<ProcessorHealth> out = new ArrayList<>();
        for (String processor : processors) {
            out.add(healthOf(processor));
        }
        return out;
    }

    private ProcessorHealth healthOf(String processor) {
        int window = config.healthWindowRuns();
        List<TrackedRun> completed = store.latest(processor, List.of(RunState.completed), window);
        List<Duration> durations = completed.stream().map(TrackedRun::duration).flatMap(Optional::stream).toList();
        LastSuccess lastSuccess = completed.stream().findFirst()
                .map(r -> new LastSuccess(r.key().runId(), r.dataDate(), r.endedAt(),
                        r.duration().map(ProcessorHealthResource::seconds).orElse(null), r.recordsWritten()))
                .orElse(null);
        Optional<LastFailure> failed = store.latest(processor, List.of(RunState.failed), 1).stream().findFirst()
                .map(r -> new LastFailure(r.key().runId(), r.dataDate(), r.endedAt(), r.failureReason(),
                        r.failureMessage()));
        Optional<LastFailure> stuck = store.latestStuck(processor, 1).stream().findFirst()
                .map(r -> new LastFailure(r.key().runId(), r.dataDate(), r.verdict().detectedAt(), "stuck",
                        String.format(Locale.ROOT, "silent for %.0f s (threshold %.0f s)",
                                r.verdict().silentForS(), r.verdict().thresholdS())));
        LastFailure lastFailure = Stream.of(failed, stuck).flatMap(Optional::stream)
                .max(Comparator.comparing(LastFailure::at)).orElse(null);
        RunView current = store.latest(processor, List.of(RunState.running, RunState.stuck), 1).stream()
                .findFirst()
                .map(r -> RunView.of(r, topology.stuckThreshold(processor, r.heartbeatIntervalS())))
                .orElse(null);
        return new ProcessorHealth(processor, topology.knows(processor), lastSuccess, lastFailure, current,
                durations.size(), DurationPercentiles.of(durations, 50).map(ProcessorHealthResource::seconds)
                        .orElse(null),
                DurationPercentiles.of(durations, 95).map(ProcessorHealthResource::seconds).orElse(null));
    }

    private static Double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
