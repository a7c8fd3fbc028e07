package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one of two instances mid-plan: the packaged service runs twice on one store, one instance is killed
 * while a step's run is in flight and its completion is on its way (maybe in that instance's hands, its transaction
 * then rolled back by the server), the other finishes the plan without triggering anything twice, and the killed one
 * comes back with nothing to restore.
 */
@RequiresPubSubEmulator
class RestartResumeIT {
    private static final Duration DEADLINE = OrchestratorInstances.DEADLINE;

    @Test
    void aPlanMidFlightIsFinishedByTheSurvivorWhenOneInstanceIsKilledAndNothingRunsTwice() throws Exception {
        LocalDate date = LocalDate.of(2026, 3, 1);
        RunKey cache = new RunKey("PlayerDailyCacheProcessor", date);
        try (OrchestratorInstances it = new OrchestratorInstances("restart_resume", 2,
                Instant.parse("2026-03-01T06:00:00Z"))) {
            try {
                it.startAll();
                ProcessorPlayer player = it.player;
                player.complete(new RunKey("PlayerGameSummaryProcessor", date.minusDays(1)), null);
                player.completeWithCoverage(new RunKey("UpcomingPlayerGameContextProcessor", date), null);
                String planId = it.manualPlan(0, cache.processor(), date.toString());
                Event<ProcessorTrigger> first = await().atMost(DEADLINE)
                        .until(() -> player.triggersFor(cache), l -> l.size() == 1).get(0);

                // the step's run completes, and the instance that may be taking that completion dies
                player.markAnswered(first);
                player.completeWithCoverage(cache, first.attributes().correlationId());
                it.instance(0).kill();

                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (Event<ProcessorTrigger> t : player.unanswered(planId)) {
                        player.markAnswered(t);
                        player.completeWithCoverage(new RunKey(t.data().processor(), t.data().dataDate()),
                                t.attributes().correlationId());
                    }
                    return "completed".equals(it.get(1, "/plans/" + planId).get("status").asText());
                });
                assertThat(player.triggers(planId)).extracting(t -> t.data().processor()).containsExactly(
                        "PlayerDailyCacheProcessor", "PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor",
                        "PredictionCoordinator");
                assertThat(player.triggers(planId)).allSatisfy(t -> assertThat(t.data().attempt()).isEqualTo(1));

                // the killed instance comes back: nothing to restore, it reads the same store
                it.instance(0).startReady(DEADLINE);
                assertThat(it.get(0, "/plans/" + planId).get("status").asText()).isEqualTo("completed");
                Set<String> seen = new HashSet<>(player.triggers(null).stream().map(Event::id).toList());
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                        .until(() -> seen.containsAll(player.triggers(null).stream().map(Event::id).toList()));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("service output:\n" + it.output(), e);
            }
        }
    }
}
