package dev.rebound.coveragemonitor.history;

import dev.rebound.events.Event;
import dev.rebound.events.RunScoped;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Each processor's recent runs from the archived run events: when each started and ended, how it ended (completed,
 * failed, stuck, or still running), whether it was ever declared stuck, and the processor's median duration.
 * Processors in the pipeline's dependency order; a run seen only by its verdict (no start archived) has no duration.
 */
public record RunHistory(Instant now, List<ProcessorRuns> processors) {

    public record ProcessorRuns(String processor, List<Run> runs, int failed, int stuck, Long medianSeconds) {
    }

    /** {@code trigger}: scheduled, backfill or replay as the start said; {@code detail}: the failure's message. */
    public record Run(String runId, LocalDate dataDate, Instant startedAt, Instant endedAt, RunState outcome,
            Long seconds, String trigger, boolean wasStuck, String detail) {
    }

    /** A run's events as they are folded in; the last verdict (by the events' own times) is the outcome. */
    private static final class Folding {
        String runId;
        LocalDate dataDate;
        Instant startedAt;
        Instant endedAt;
        RunState outcome = RunState.RUNNING;
        String trigger;
        boolean wasStuck;
        String detail;

        Run done() {
            Long seconds = startedAt != null && endedAt != null
                    ? Duration.between(startedAt, endedAt).toSeconds() : null;
            return new Run(runId, dataDate, startedAt, endedAt, outcome, seconds, trigger, wasStuck, detail);
        }
    }

    static RunHistory of(Topology topology, List<Event<?>> events, int perProcessor, Instant now) {
        Map<String, Map<String, Folding>> byProcessor = new LinkedHashMap<>();
        topology.order().forEach(p -> byProcessor.put(p, new LinkedHashMap<>()));
        for (Event<?> event : events) {
            if (!(event.data() instanceof RunScoped scoped) || !byProcessor.containsKey(scoped.processor())) {
                continue;
            }
            fold(byProcessor.get(scoped.processor()), scoped, EventArchive.occurredAt(event));
        }
        List<ProcessorRuns> out = new ArrayList<>();
        byProcessor.forEach((processor, runs) -> {
            List<Run> recent = runs.values().stream().map(Folding::done)
                    .sorted(Comparator.comparing(RunHistory::sortTime).reversed()).limit(perProcessor)
                    .sorted(Comparator.comparing(RunHistory::sortTime)).toList();
            List<Long> durations = recent.stream().filter(r -> r.outcome().finished()).map(Run::seconds)
                    .filter(Objects::nonNull).sorted().toList();
            out.add(new ProcessorRuns(processor, recent,
                    (int) recent.stream().filter(r -> r.outcome() == RunState.FAILED).count(),
                    (int) recent.stream().filter(Run::wasStuck).count(),
                    durations.isEmpty() ? null : durations.get(durations.size() / 2)));
        });
        return new RunHistory(now, out);
    }

    private static Instant sortTime(Run run) {
        return run.startedAt() != null ? run.startedAt() : run.endedAt();
    }

    private static void fold(Map<String, Folding> runs, RunScoped data, Instant at) {
        String runId = data instanceof ProcessorStarted s ? s.runId() : data instanceof ProcessorStuck s ? s.runId()
                : data instanceof ProcessorFailed f ? f.runId() : data instanceof ProcessorCompleted c ? c.runId()
                : null;
        if (runId == null) {
            return;
        }
        Folding run = runs.computeIfAbsent(data.dataDate() + "/" + runId, k -> new Folding());
        run.runId = runId;
        run.dataDate = data.dataDate();
        if (data instanceof ProcessorStarted s) {
            run.startedAt = at;
            run.trigger = s.trigger() == null ? null : s.trigger().name().toLowerCase(java.util.Locale.ROOT);
            return;
        }
        if (run.endedAt != null && at.isBefore(run.endedAt)) {
            run.wasStuck |= data instanceof ProcessorStuck;
            return;
        }
        run.endedAt = at;
        if (data instanceof ProcessorStuck) {
            run.outcome = RunState.STUCK;
            run.wasStuck = true;
        } else if (data instanceof ProcessorFailed f) {
            run.outcome = RunState.FAILED;
            run.detail = f.reason() + ": " + f.message();
        } else {
            run.outcome = RunState.COMPLETED;
        }
    }
}
