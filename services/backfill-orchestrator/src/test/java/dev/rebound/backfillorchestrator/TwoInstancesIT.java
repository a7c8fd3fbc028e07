package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Cause;
import dev.rebound.events.Event;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on one store, each pushed every signal: signals of one root cause arriving at both at once
 * open one plan and one trigger per attempt, and together the instances never have more triggers in flight than the
 * pipeline's limit.
 */
@RequiresPubSubEmulator
class TwoInstancesIT {
    private static final Duration DEADLINE = OrchestratorInstances.DEADLINE;
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String PDC = "PlayerDailyCacheProcessor";

    @Test
    void twoInstancesOpenOnePlanPerRootCauseTriggerEachAttemptOnceAndShareOneTriggerLimit() throws Exception {
        try (OrchestratorInstances it = new OrchestratorInstances("two_instances", 2,
                Instant.parse("2026-03-01T06:00:00Z"))) {
            try {
                it.startAll();
                String rootPlan = oneRootCauseManySignals(it);
                sharedTriggerLimit(it, rootPlan);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("service output:\n" + it.output(), e);
            }
        }
    }

    /** A broken run no plan covers, then ten signals naming it at once: one new plan, one trigger. */
    private String oneRootCauseManySignals(OrchestratorInstances it) throws Exception {
        ProcessorPlayer player = it.player;
        LocalDate date = LocalDate.of(2026, 2, 21);
        RunKey root = new RunKey(PGS, date.minusDays(1));
        player.fail(root, ProcessorFailed.Reason.ERROR, "first");
        String first = await().atMost(DEADLINE).until(() -> plansFor(it, root), l -> l.size() == 1).get(0);
        // the first plan's trigger is given up with it (its run never comes back)
        await().atMost(DEADLINE).until(() -> player.triggers(first).size() == 1);
        player.markAnswered(player.triggers(first).get(0));
        it.instance(1).post("/plans/" + first + "/cancel", "");

        String phase = it.topology.processor("PredictionCoordinator").orElseThrow().coverage().phase();
        for (int game = 0; game < 8; game++) {
            player.publish(new CoverageGap(date, "game-" + game, Instant.parse("2026-02-22T00:00:00Z"), phase, 2, 8,
                    it.clock.instant(), Severity.CRITICAL, List.of(new Cause(PGS, root.dataDate(), "error",
                            "summary failed"))), "gap-" + game);
        }
        for (int i = 0; i < 2; i++) {
            player.fail(new RunKey(PDC, date), ProcessorFailed.Reason.UPSTREAM_MISSING, "cache-" + i);
        }
        List<String> plans = await().atMost(DEADLINE).until(() -> plansFor(it, root), l -> l.size() == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> plansFor(it, root).size() == 2 && player.triggers(plans.get(1)).size() == 1);
        assertThat(player.triggers(plans.get(1))).extracting(t -> t.data().processor(), t -> t.data().attempt())
                .containsExactly(tuple(PGS, 1));
        return plans.get(1);
    }

    /** Plans for eight more runs, opened on both instances: never more unanswered triggers than the limit. */
    private void sharedTriggerLimit(OrchestratorInstances it, String rootPlan) throws Exception {
        ProcessorPlayer player = it.player;
        int limit = it.topology.config().repair().maxConcurrentTriggers();
        for (int i = 0; i < 8; i++) {
            it.manualPlan(i % 2, PGS, LocalDate.of(2026, 2, 1 + i).toString());
        }
        await().atMost(DEADLINE).until(() -> player.unanswered(null).size() == limit);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> player.unanswered(null).size() == limit);

        AtomicInteger answered = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Event<ProcessorTrigger>> open = player.unanswered(null);
            mostInFlight.accumulateAndGet(open.size(), Math::max);
            for (int i = 0; i < 2; i++) {
                mostInFlight.accumulateAndGet(it.get(i, "/plans").get("steps_in_flight").asInt(), Math::max);
            }
            if (!open.isEmpty()) {
                Event<ProcessorTrigger> t = open.get(0);
                player.markAnswered(t);
                player.completeWithCoverage(new RunKey(t.data().processor(), t.data().dataDate()),
                        t.attributes().correlationId());
                answered.incrementAndGet();
            }
            return answered.get() >= 12;
        });
        assertThat(mostInFlight.get()).as("most triggers in flight, seen by the processors and by both instances")
                .isEqualTo(limit);
        List<Event<ProcessorTrigger>> triggers = player.triggers(null);
        assertThat(triggers).extracting(t -> t.data().backfillId() + " " + t.data().processor() + "@"
                + t.data().dataDate() + " #" + t.data().attempt()).doesNotHaveDuplicates();
        assertThat(triggers).extracting(t -> t.data().attempt()).containsOnly(1);
        assertThat(player.triggers(rootPlan)).isNotEmpty();
    }

    private static List<String> plansFor(OrchestratorInstances it, RunKey root) {
        return it.pubsub.receivedOfType(Topics.BACKFILL_EVENTS, EventType.BACKFILL_PLAN_CREATED.ceType()).stream()
                .map(ReceivedMessage.class::cast).map(m -> (BackfillPlanCreated) it.pubsub.decode(m).data())
                .filter(p -> p.rootProcessor().equals(root.processor()) && p.rootDataDate().equals(root.dataDate()))
                .sorted(Comparator.comparing(BackfillPlanCreated::createdAt))
                .map(BackfillPlanCreated::planId).toList();
    }
}
