package dev.rebound.coveragemonitor.history;

import dev.rebound.events.Event;
import dev.rebound.events.RunScoped;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the archive says about each (processor, data date): its runs' verdicts in the order they came (started,
 * stuck, failed, completed; heartbeats are not verdicts) and whether a repair triggered it degraded (below an
 * edge's soft threshold).
 */
final class RunVerdicts {
    /** One verdict on one run. */
    record Verdict(String runId, RunState state, Instant at) {
    }

    private final Map<RunKey, List<Verdict>> byRun = new HashMap<>();
    private final Set<RunKey> degraded = new HashSet<>();

    RunVerdicts(List<Event<?>> events) {
        for (Event<?> event : events) {
            if (!(event.data() instanceof RunScoped scoped)) {
                continue;
            }
            RunKey key = new RunKey(scoped.processor(), scoped.dataDate());
            if (scoped instanceof BackfillStepTriggered t && t.degraded()) {
                degraded.add(key);
            }
            Verdict verdict = verdictOf(scoped, EventArchive.occurredAt(event));
            if (verdict != null) {
                byRun.computeIfAbsent(key, k -> new ArrayList<>()).add(verdict);
            }
        }
    }

    private static Verdict verdictOf(RunScoped data, Instant at) {
        if (data instanceof ProcessorStarted s) {
            return new Verdict(s.runId(), RunState.RUNNING, at);
        }
        if (data instanceof ProcessorStuck s) {
            return new Verdict(s.runId(), RunState.STUCK, at);
        }
        if (data instanceof ProcessorFailed f) {
            return new Verdict(f.runId(), RunState.FAILED, at);
        }
        if (data instanceof ProcessorCompleted c) {
            return new Verdict(c.runId(), RunState.COMPLETED, at);
        }
        return null;
    }

    List<Verdict> of(RunKey run) {
        return byRun.getOrDefault(run, List.of());
    }

    /** The latest verdict by the events' own times; degraded when that is a completion triggered degraded. */
    RunState state(RunKey run) {
        List<Verdict> verdicts = of(run);
        if (verdicts.isEmpty()) {
            return RunState.NOT_RUN;
        }
        RunState last = verdicts.get(verdicts.size() - 1).state();
        boolean completed = last == RunState.COMPLETED;
        return completed && degraded.contains(run) ? RunState.DEGRADED : last;
    }

    /** When the run's latest completion happened, or null. */
    Instant finishedAt(RunKey run) {
        return of(run).stream().filter(v -> v.state() == RunState.COMPLETED).map(Verdict::at)
                .reduce((a, b) -> b).orElse(null);
    }
}
