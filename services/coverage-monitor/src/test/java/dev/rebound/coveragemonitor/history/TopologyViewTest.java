package dev.rebound.coveragemonitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The DAG's states the Jan 23 browser replay does not reach: a run completed after a degraded trigger, a run still
 * running, runs never seen; and the critical path of a date still in progress.
 */
class TopologyViewTest {
    private static final Topology TOPOLOGY = PipelineLoader.load(PipelineLoader.DEFAULT);
    private static final LocalDate DAY = LocalDate.parse("2026-02-10");
    private static final Instant T0 = Instant.parse("2026-02-10T12:00:00Z");

    private static Event<?> at(int minutes, EventPayload payload) {
        return Event.of("//tests/topology", T0.plusSeconds(60L * minutes), payload, null);
    }

    private static ProcessorCompleted completed(String processor, LocalDate date, int minutes) {
        return new ProcessorCompleted(processor, processor + "-run", date, T0.plusSeconds(60L * minutes), 10);
    }

    @Test
    void degradedRunningAndNotRunRunsAndACriticalPathThroughTheUnfinishedUpstream() {
        List<Event<?>> events = List.of(
                at(1, completed("PlayerGameSummaryProcessor", DAY.minusDays(1), 1)),
                at(2, new BackfillStepTriggered("p1", "s1", "PlayerDailyCacheProcessor", DAY, 1, T0.plusSeconds(120),
                        true, List.of(), 0.85)),
                at(3, completed("PlayerDailyCacheProcessor", DAY, 3)),
                at(5, completed("UpcomingPlayerGameContextProcessor", DAY, 5)),
                at(6, new ProcessorStarted("PlayerCompositeFactorsProcessor", "pcf-run", DAY, T0.plusSeconds(360), 60,
                        RunTrigger.SCHEDULED)));

        TopologyView view = TopologyView.of(TOPOLOGY, DAY, null, T0, new RunVerdicts(events));

        Map<String, TopologyView.Node> nodes = view.nodes().stream()
                .collect(Collectors.toMap(TopologyView.Node::id, Function.identity()));
        assertThat(nodes.get("PlayerDailyCacheProcessor@2026-02-10").state()).isEqualTo(RunState.DEGRADED);
        assertThat(nodes.get("PlayerCompositeFactorsProcessor@2026-02-10").state()).isEqualTo(RunState.RUNNING);
        assertThat(nodes.get("PredictionCoordinator@2026-02-10").state()).isEqualTo(RunState.NOT_RUN);
        assertThat(nodes.get("PlayerGameSummaryProcessor@2026-02-09").state()).isEqualTo(RunState.COMPLETED);
        assertThat(view.edges()).hasSize(TOPOLOGY.config().edges().size());
        // nothing has run at the end: MLFeatureStore waits on the running composite run, which had waited on the
        // context run (finished after the daily cache); the roster run it needs by freshness was not waited for
        assertThat(view.criticalPath()).containsExactly("UpcomingPlayerGameContextProcessor@2026-02-10",
                "PlayerCompositeFactorsProcessor@2026-02-10", "MLFeatureStoreProcessor@2026-02-10",
                "PredictionCoordinator@2026-02-10");
    }
}
