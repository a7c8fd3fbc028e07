package dev.rebound.launcher;

import dev.rebound.events.EventType;
import dev.rebound.launcher.ExpectationChecks.Result;
import dev.rebound.scenario.Expectation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code no_duplicate_runs} expectation: from the archived started, completed, failed and stuck events, each
 * run's span (start to completion or failure; still open at the end of the replay without either), and no run
 * Rebound started (its started event names a backfill) starting while another run of the same processor and data
 * date was in progress — unless that one had been declared stuck (a stuck alert, or a failure with reason stuck)
 * first, which is what a repair of a hung run looks like. Overlaps Rebound did not start — the pipeline's own runs
 * among themselves (e.g. one per scraper completion when a date's files arrive in several batches), or a scheduled
 * run of the pipeline starting on top of a repair — are reported in the detail, not judged.
 */
final class DuplicateRuns {
    private record Run(String runId, String processor, String dataDate, Instant startedAt, Instant endedAt,
            Instant stuckAt, boolean byRebound) {
        boolean overlaps(Run later) {
            return endedAt == null || later.startedAt.isBefore(endedAt);
        }

        boolean declaredStuckBefore(Instant at) {
            return stuckAt != null && !stuckAt.isAfter(at);
        }

        @Override
        public String toString() {
            return runId + " " + Timeline.simTime(startedAt) + "–"
                    + (endedAt == null ? "end" : Timeline.simTime(endedAt));
        }
    }

    private final List<ArchivedEvent> events;

    /** {@code events}: one per ce-id, in time order. */
    DuplicateRuns(List<ArchivedEvent> events) {
        this.events = events;
    }

    Result check(Expectation e) {
        Map<String, Instant> ends = new HashMap<>();
        Map<String, Instant> stuck = new HashMap<>();
        for (ArchivedEvent ev : events) {
            if (EventType.PROCESSOR_COMPLETED.ceType().equals(ev.ceType())) {
                ends.merge(ev.field("run_id"), timeOf(ev, "completed_at"), DuplicateRuns::earlier);
            } else if (EventType.PROCESSOR_FAILED.ceType().equals(ev.ceType())) {
                ends.merge(ev.field("run_id"), timeOf(ev, "failed_at"), DuplicateRuns::earlier);
                if ("stuck".equals(ev.field("reason"))) {
                    stuck.merge(ev.field("run_id"), timeOf(ev, "failed_at"), DuplicateRuns::earlier);
                }
            } else if (EventType.PROCESSOR_STUCK.ceType().equals(ev.ceType())) {
                stuck.merge(ev.field("run_id"), timeOf(ev, "detected_at"), DuplicateRuns::earlier);
            }
        }
        Map<String, Run> runs = new LinkedHashMap<>();
        for (ArchivedEvent ev : events) {
            if (!EventType.PROCESSOR_STARTED.ceType().equals(ev.ceType())
                    || e.processor() != null && !e.processor().equals(ev.field("processor"))) {
                continue;
            }
            String runId = ev.field("run_id");
            boolean byRebound = !ev.field("backfill_id").isEmpty() || "backfill".equals(ev.field("trigger"));
            runs.putIfAbsent(runId, new Run(runId, ev.field("processor"), ev.field("data_date"),
                    timeOf(ev, "started_at"), ends.get(runId), stuck.get(runId), byRebound));
        }
        Map<String, List<Run>> byRun = runs.values().stream().collect(Collectors.groupingBy(
                r -> r.processor() + "(" + r.dataDate() + ")", LinkedHashMap::new, Collectors.toList()));
        List<String> duplicates = new ArrayList<>();
        List<String> pipelinesOwn = new ArrayList<>();
        int repeated = 0;
        for (Map.Entry<String, List<Run>> same : byRun.entrySet()) {
            List<Run> sorted = new ArrayList<>(same.getValue());
            sorted.sort(Comparator.comparing(Run::startedAt));
            repeated += sorted.size() > 1 ? 1 : 0;
            for (int i = 0; i < sorted.size(); i++) {
                for (int j = i + 1; j < sorted.size(); j++) {
                    Run earlier = sorted.get(i);
                    Run later = sorted.get(j);
                    if (earlier.overlaps(later) && !earlier.declaredStuckBefore(later.startedAt())) {
                        (later.byRebound() ? duplicates : pipelinesOwn)
                                .add(same.getKey() + ": " + earlier + " and " + later);
                    }
                }
            }
        }
        String own = pipelinesOwn.isEmpty() ? "" : "; " + pipelinesOwn.size() + " overlap(s) Rebound did not start,"
                + " not judged (first: " + pipelinesOwn.get(0) + ")";
        if (!duplicates.isEmpty()) {
            return new Result(e, false, duplicates.size() + " run(s) Rebound started while another was in progress: "
                    + duplicates.stream().limit(3).collect(Collectors.joining("; ")) + own);
        }
        return new Result(e, true, runs.size() + " runs of " + byRun.size() + " processor-dates, none Rebound started"
                + " while another was in progress" + (repeated == 0 ? "" : " (" + repeated + " ran more than once)")
                + own);
    }

    private static Instant timeOf(ArchivedEvent ev, String field) {
        return Optional.ofNullable(ev.instantField(field)).orElse(ev.time());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
