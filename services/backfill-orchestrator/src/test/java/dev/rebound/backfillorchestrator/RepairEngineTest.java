package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's rules, with its real PostgreSQL store, a clock the test moves and no Pub/Sub. */
class RepairEngineTest {
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String ROSTER = "EspnTeamRosterProcessor";
    private static final String PDC = "PlayerDailyCacheProcessor";
    private static final String CONTEXT = "UpcomingPlayerGameContextProcessor";
    private static final String COMPOSITE = "PlayerCompositeFactorsProcessor";
    private static final String FEATURES = "MLFeatureStoreProcessor";
    private static final String PREDICTIONS = "PredictionCoordinator";
    private static final LocalDate D = LocalDate.of(2026, 1, 23);

    private final EngineHarness h = new EngineHarness(Instant.parse("2026-01-23T09:00:00Z"));

    @AfterEach
    void close() {
        h.close();
    }

    private static RunKey run(String processor, LocalDate date) {
        return new RunKey(processor, date);
    }

    @Test
    void backoffIsExponentialAndCapped() {
        assertThat(h.engine.backoffAfter(1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(h.engine.backoffAfter(2)).isEqualTo(Duration.ofMinutes(4));
        assertThat(h.engine.backoffAfter(3)).isEqualTo(Duration.ofMinutes(8));
        assertThat(h.engine.backoffAfter(6)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anInstanceJudgesNoRunMissingDuringItsStartHoldWhileTheCompletionsQueuedForItArrive() {
        LocalDate date = D.minusDays(2);
        // a game of that date still ahead: a missing run of it is worth a plan
        h.schedule.tipoffs.put(date, Instant.parse("2026-01-31T00:00:00Z"));
        EngineSettings s = h.settings;
        RepairEngine started = new RepairEngine(h.topology, h.clock,
                new dev.rebound.backfillorchestrator.store.PostgresRepairStateStore(h.store), h.events, h.schedule,
                new EngineSettings(s.stallAfter(), s.coverageWait(), s.planTtl(), s.sweepLookbackDays(),
                        s.idlePlanTtl(), Duration.ofMinutes(10)), h.clock.instant());
        h.engine = started;

        SweepResult during = started.sweep();
        assertThat(during.missingRunsHeldUntil()).isEqualTo("2026-01-23T09:10:00Z");
        assertThat(during.datesChecked()).isEmpty();
        assertThat(during.plansOpened()).isEmpty();

        // the day's runs queued while no instance ran arrive during the hold: all of them but the last one
        for (String processor : List.of(PGS, PDC, CONTEXT, COMPOSITE, FEATURES)) {
            h.clock.advance(Duration.ofMinutes(1));
            h.complete(run(processor, date));
        }
        h.clock.advance(Duration.ofMinutes(5));
        SweepResult after = started.sweep();
        assertThat(after.missingRunsHeldUntil()).isNull();
        assertThat(after.datesChecked()).contains(date.toString());
        assertThat(after.plansOpened()).hasSize(1);
        assertThat(h.plan(after.plansOpened().get(0)).steps()).extracting(RepairStep::run)
                .containsExactly(run(PREDICTIONS, date));
    }

    @Test
    void theStartHoldCannotBeNegative() {
        EngineSettings s = EngineSettings.defaults();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EngineSettings(s.stallAfter(), s.coverageWait(),
                s.planTtl(), s.sweepLookbackDays(), s.idlePlanTtl(), Duration.ofSeconds(-1)))
                .hasMessageContaining("rebound.backfill.start-hold");
    }

    @Test
    void aFailedAttemptIsRetriedOnlyAfterItsBackoffWhicheverInstanceTicks() {
        RunKey summary = run(PGS, D.minusDays(1));
        h.engine.requestManual(summary, "test");
        h.clock.advance(Duration.ofSeconds(1));
        h.engine.failed(summary, "run-1", RunStatus.ERROR, h.clock.instant(), "boom", null);
        RepairEngine other = h.newEngine();

        h.clock.advance(h.engine.backoffAfter(1).minusSeconds(1));
        other.advance();
        h.engine.advance();
        assertThat(h.events.triggersFor(summary)).extracting(ProcessorTrigger::attempt).containsExactly(1);

        h.clock.advance(Duration.ofSeconds(1));
        other.advance();
        h.engine.advance();
        assertThat(h.events.triggersFor(summary)).extracting(ProcessorTrigger::attempt).containsExactly(1, 2);
    }

    @Test
    void aFreedTriggerSlotGoesToThePlanWithTheEarliestTipoff() {
        int limit = h.topology.config().repair().maxConcurrentTriggers();
        for (int i = 0; i < limit; i++) {
            h.engine.requestManual(run(PGS, D.minusDays(30 + i)), "test");
        }
        assertThat(h.engine.stepsInFlight()).isEqualTo(limit);
        // three more plans wait for a slot; opened latest deadline first
        LocalDate late = D.minusDays(10);
        LocalDate middle = D.minusDays(13);
        LocalDate early = D.minusDays(16);
        h.schedule.tipoffs.put(late.plusDays(1), Instant.parse("2026-01-12T03:00:00Z"));
        h.schedule.tipoffs.put(middle.plusDays(1), Instant.parse("2026-01-12T02:00:00Z"));
        h.schedule.tipoffs.put(early.plusDays(1), Instant.parse("2026-01-12T01:00:00Z"));
        for (LocalDate date : List.of(late, middle, early)) {
            h.engine.requestManual(run(PGS, date), "test");
        }
        assertThat(h.events.triggers()).hasSize(limit);

        h.clock.advance(Duration.ofMinutes(1));
        h.complete(run(PGS, D.minusDays(30)));
        assertThat(h.events.triggers()).hasSize(limit + 1);
        assertThat(h.events.triggers().get(limit).dataDate()).isEqualTo(early);
        h.complete(run(PGS, D.minusDays(31)));
        assertThat(h.events.triggers().get(limit + 1).dataDate()).isEqualTo(middle);
        assertThat(h.engine.stepsInFlight()).isEqualTo(limit);
    }

    @Test
    void aRunThatMayStillBeRunningIsNotStartedAgainUntilItIsStuckAgain() {
        RunKey cache = run(PDC, D);
        h.engine.stuck(cache, "pdc-1", h.clock.instant(), "silent", null);
        h.engine.cancel(h.engine.activePlans().get(0).planId(), "test");
        h.clock.advance(Duration.ofMinutes(1));
        h.engine.lateHeartbeat(cache, h.clock.instant());
        h.clock.advance(Duration.ofMinutes(1));

        RepairPlan plan = h.engine.requestManual(run(PGS, D.minusDays(1)), "test");
        h.complete(run(PGS, D.minusDays(1)));
        assertThat(h.events.triggersFor(cache)).isEmpty();
        assertThat(h.plan(plan.planId()).step(cache).orElseThrow().detail()).contains("may still finish");

        h.clock.advance(Duration.ofMinutes(5));
        h.engine.stuck(cache, "pdc-1", h.clock.instant(), "silent again", null);
        assertThat(h.events.triggersFor(cache)).hasSize(1);
    }

    @Test
    void aDegradedStepGetsAFollowUpRunWhenUpstreamCoverageImproves() {
        h.complete(run(PDC, D));
        h.complete(run(CONTEXT, D));
        h.clock.advance(Duration.ofSeconds(1));
        h.engine.coverage(Map.of(run(CONTEXT, D), 0.92), h.clock.instant());
        RepairPlan plan = h.engine.requestManual(run(COMPOSITE, D), "test");
        RepairStep composite = plan.step(run(COMPOSITE, D)).orElseThrow();
        assertThat(composite.state()).isEqualTo(StepState.TRIGGERED);
        assertThat(composite.degraded()).isTrue();
        h.clock.advance(Duration.ofMinutes(1));
        h.complete(run(COMPOSITE, D));
        assertThat(h.plan(plan.planId()).step(run(COMPOSITE, D)).orElseThrow().state()).isEqualTo(StepState.DONE);

        h.clock.advance(Duration.ofMinutes(1));
        h.engine.coverage(Map.of(run(CONTEXT, D), 1.0), h.clock.instant());

        assertThat(h.events.triggersFor(run(COMPOSITE, D))).hasSize(2);
        assertThat(h.events.triggersFor(run(COMPOSITE, D)).get(1).reason()).contains("degraded follow-up");
        // once: a second improvement report changes nothing for the step already followed up
        h.clock.advance(Duration.ofMinutes(1));
        h.engine.coverage(Map.of(run(CONTEXT, D), 1.0), h.clock.instant());
        assertThat(h.events.triggersFor(run(COMPOSITE, D))).hasSize(2);
    }

    @Test
    void aRestartResumesAPlanWithoutRetriggeringTheRunningStep() {
        RepairPlan plan = h.engine.requestManual(run(PGS, D.minusDays(1)), "test");
        assertThat(h.events.triggers()).hasSize(1);

        h.engine = h.newEngine();
        h.clock.advance(Duration.ofMinutes(10));
        h.engine.advance();
        assertThat(h.events.triggers()).hasSize(1);
        assertThat(h.engine.plan(plan.planId()).orElseThrow().step(run(PGS, D.minusDays(1))).orElseThrow().state())
                .isEqualTo(StepState.TRIGGERED);

        h.complete(run(PGS, D.minusDays(1)));
        assertThat(h.events.triggers()).extracting(t -> t.processor() + "@" + t.dataDate())
                .containsExactly(PGS + "@" + D.minusDays(1), PDC + "@" + D);
    }

    @Test
    void exhaustedAttemptsAbandonThePlanOnceAndFurtherFailuresOpenNothing() {
        RunKey summary = run(PGS, D.minusDays(1));
        h.engine.requestManual(summary, "test");
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(h.events.triggersFor(summary)).hasSize(attempt);
            h.clock.advance(Duration.ofSeconds(1));
            h.engine.failed(summary, "run-" + attempt, RunStatus.ERROR, h.clock.instant(), "boom", null);
            h.clock.advance(Duration.ofMinutes(30));
            h.engine.advance();
        }
        assertThat(h.events.ofType(BackfillAbandonedAlert.class)).hasSize(1);
        h.engine.failed(summary, "run-4", RunStatus.ERROR, h.clock.instant(), "boom", null);
        h.engine.sweep();
        assertThat(h.events.triggersFor(summary)).hasSize(3);
        assertThat(h.events.ofType(BackfillPlanCreated.class))
                .filteredOn(p -> p.rootProcessor().equals(PGS) && p.rootDataDate().equals(summary.dataDate()))
                .hasSize(1);
    }

    @Test
    void aStaleRosterRepairsTheRosterRunAndItsDependentsForThatDate() {
        // a game ahead to protect, and the day's roster files landed an hour ago: the roster load can succeed
        h.schedule.tipoffs.put(D, Instant.parse("2026-01-24T00:00:00Z"));
        h.engine.inputLanded("espn_team_roster", D, h.clock.instant());
        h.clock.advance(Duration.ofHours(1));
        h.engine.staleInput(List.of(run(ROSTER, D)), h.clock.instant(), "16 teams stale", "corr");
        BackfillPlanCreated created = h.events.ofType(BackfillPlanCreated.class).get(0);
        assertThat(created.steps()).extracting(s -> s.processor()).containsExactly(ROSTER, CONTEXT, COMPOSITE,
                FEATURES, PREDICTIONS);
        assertThat(created.causeChain().get(0).status()).isEqualTo("stale");
        assertThat(h.events.triggers()).extracting(ProcessorTrigger::processor).containsExactly(ROSTER);
    }

    @Test
    void aFailureDownstreamOfABrokenRunIsPlannedFromTheEarliestBrokenRun() {
        h.engine.failed(run(PGS, D.minusDays(1)), "pgs-1", RunStatus.ERROR, h.clock.instant(), "boom", "c1");
        h.engine.failed(run(PDC, D), "pdc-1", RunStatus.UPSTREAM_MISSING, h.clock.instant(), "no summary", "c2");
        assertThat(h.events.ofType(BackfillPlanCreated.class)).hasSize(1);
        assertThat(h.events.ofType(BackfillPlanCreated.class).get(0).rootProcessor()).isEqualTo(PGS);

        // the same two failures after the first plan was cancelled: the root is found again, the cascade explained
        try (EngineHarness fresh = new EngineHarness(Instant.parse("2026-01-23T09:00:00Z"))) {
            fresh.engine.failed(run(PGS, D.minusDays(1)), "pgs-1", RunStatus.ERROR, fresh.clock.instant(), "boom",
                    "c1");
            fresh.engine.cancel(fresh.engine.activePlans().get(0).planId(), "test");
            fresh.engine.failed(run(PDC, D), "pdc-1", RunStatus.UPSTREAM_MISSING, fresh.clock.instant(),
                    "no summary", "c2");
            BackfillPlanCreated second = fresh.events.ofType(BackfillPlanCreated.class).get(1);
            assertThat(second.rootProcessor()).isEqualTo(PGS);
            assertThat(second.causeChain()).extracting(c -> c.processor() + ":" + c.status())
                    .startsWith(PGS + ":error").contains(PDC + ":upstream_missing");
        }
    }
}
