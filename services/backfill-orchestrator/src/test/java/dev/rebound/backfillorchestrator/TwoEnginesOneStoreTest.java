package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.rebound.backfillorchestrator.store.PostgresRepairStateStore;
import dev.rebound.events.Cause;
import dev.rebound.events.EventPayload;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines — two instances' worth of the orchestrator, sharing nothing but the PostgreSQL store — taking signals
 * at the same moment on many threads: one plan per root cause, one trigger per step attempt, and never more
 * triggers in flight than the limit, counted across both (by every decision that queues a trigger, in its own
 * transaction).
 */
class TwoEnginesOneStoreTest {
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String CONTEXT = "UpcomingPlayerGameContextProcessor";
    private static final String PDC = "PlayerDailyCacheProcessor";
    private static final String PREDICTIONS = "PredictionCoordinator";
    private static final Instant NOW = Instant.parse("2026-01-23T09:00:00Z");

    private final EngineHarness h = new EngineHarness(NOW);
    /** The most steps in flight that any decision queuing a trigger saw, inside its transaction, before commit. */
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final RepairEngine a = h.newEngine(this::probed);
    private final RepairEngine b = h.newEngine(this::probed);
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    private void probed(String eventId, EventPayload payload, String correlationId, String orderingKey) {
        if (payload instanceof ProcessorTrigger) {
            maxInFlight.accumulateAndGet(new PostgresRepairStateStore(h.store).stepsInFlight(), Math::max);
        }
        h.events.add(eventId, payload, correlationId, orderingKey);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        h.close();
    }

    private RepairEngine either(int i) {
        return i % 2 == 0 ? a : b;
    }

    /** Runs the tasks on the pool, all released at once; rethrows the first failure. */
    private void together(List<Callable<Void>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> task : tasks) {
            futures.add(threads.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        for (Future<Void> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void signalsOfOneRootCauseArrivingAtBothInstancesAtOnceOpenOnePlanAndOneTrigger() throws Exception {
        for (int round = 0; round < 4; round++) {
            LocalDate date = LocalDate.of(2026, 1, 10 + round);
            RunKey root = new RunKey(PGS, date.minusDays(1));
            // the root is known broken and no longer under repair (its first plan was cancelled)
            a.failed(root, "pgs-" + date, RunStatus.ERROR, NOW.minusSeconds(120), "boom", "first");
            a.cancel(a.activePlans().get(0).planId(), "test");
            // then every game of the day reports a coverage gap naming it, and its dependent fails for want of it
            List<Callable<Void>> signals = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RepairEngine engine = either(i);
                String correlation = "signal-" + round + "-" + i;
                Cause suspect = new Cause(PGS, root.dataDate(), "error", "boom");
                signals.add(i < 6 ? () -> {
                    engine.coverageGap(new RunKey(PREDICTIONS, date), "game " + correlation, List.of(suspect),
                            correlation);
                    return null;
                } : () -> {
                    engine.failed(new RunKey(PDC, date), "pdc-" + correlation, RunStatus.UPSTREAM_MISSING,
                            NOW.minusSeconds(60), "no summary", correlation);
                    return null;
                });
            }
            together(signals);

            List<BackfillPlanCreated> plans = h.events.ofType(BackfillPlanCreated.class).stream()
                    .filter(p -> p.rootDataDate().equals(root.dataDate())).toList();
            assertThat(plans).extracting(BackfillPlanCreated::planId).as("the cancelled plan and one new plan")
                    .hasSize(2);
            assertThat(plans.get(1).rootProcessor()).isEqualTo(PGS);
            assertThat(h.events.triggers()).filteredOn(t -> t.backfillId().equals(plans.get(1).planId()))
                    .extracting(ProcessorTrigger::processor, ProcessorTrigger::attempt)
                    .containsExactly(tuple(PGS, 1));
            assertThat(a.openPlanCount()).isEqualTo(1);
            a.cancel(plans.get(1).planId(), "test");
        }
        assertThat(h.events.queued()).extracting(EngineHarness.Queued::eventId).doesNotHaveDuplicates();
    }

    @Test
    void bothInstancesTogetherNeverHaveMoreTriggersInFlightThanTheLimitAndTriggerEachStepOnce() throws Exception {
        int limit = h.topology.config().repair().maxConcurrentTriggers();
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < 3 * limit; i++) {
            LocalDate date = LocalDate.of(2025, 11, 1 + i);
            dates.add(date);
            RunKey context = new RunKey(CONTEXT, date.plusDays(1));
            a.completed(context, "context-" + date, NOW);
            a.coverage(Map.of(context, 1.0), NOW);
        }
        List<Callable<Void>> openings = new ArrayList<>();
        for (int i = 0; i < dates.size(); i++) {
            RepairEngine engine = either(i);
            RunKey root = new RunKey(PGS, dates.get(i));
            openings.add(() -> {
                engine.requestManual(root, "test");
                return null;
            });
        }
        together(openings);

        // processors answer whatever is in flight, each completion delivered to either instance
        List<Callable<Void>> processors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            processors.add(() -> {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).until(() -> {
                    List<RunKey> inFlight = inFlight();
                    if (!inFlight.isEmpty()) {
                        RunKey run = inFlight.get(ThreadLocalRandom.current().nextInt(inFlight.size()));
                        RepairEngine engine = either(ThreadLocalRandom.current().nextInt(2));
                        engine.completed(run, "run-" + run, NOW);
                        if (h.topology.processor(run.processor()).orElseThrow().coverage() != null) {
                            either(ThreadLocalRandom.current().nextInt(2)).coverage(Map.of(run, 1.0), NOW);
                        }
                    }
                    return a.openPlanCount() == 0;
                });
                return null;
            });
        }
        together(processors);

        assertThat(maxInFlight.get()).as("most triggers in flight at once").isEqualTo(limit);
        List<ProcessorTrigger> triggers = h.events.triggers();
        Map<String, Long> perStepAttempt = triggers.stream().collect(Collectors.groupingBy(
                t -> t.backfillId() + " " + t.processor() + "@" + t.dataDate() + " #" + t.attempt(),
                Collectors.counting()));
        assertThat(perStepAttempt.values()).allMatch(n -> n == 1);
        assertThat(triggers).extracting(ProcessorTrigger::attempt).containsOnly(1);
        int steps = a.recentPlans(100).stream().mapToInt(p -> p.steps().size()).sum();
        assertThat(triggers).hasSize(steps);
        assertThat(a.recentPlans(100)).hasSize(dates.size())
                .allMatch(p -> p.status() == PlanStatus.COMPLETED);
    }

    private List<RunKey> inFlight() {
        return a.activePlans().stream().flatMap(p -> p.steps().stream())
                .filter(s -> s.state() == StepState.TRIGGERED).map(RepairStep::run).toList();
    }
}
