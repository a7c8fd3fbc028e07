package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.BackfillPlanAbandoned;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What is not repaired, or not yet: a scraper-fed run before its input landed (it waits until the input is due,
 * then escalates once), an input superseded by a newer one every consumer accepts, a run the pipeline is running
 * now, a date with no game left to protect; and a plan that cannot progress closes after its idle TTL. The engine
 * over its real PostgreSQL store, a clock the test moves, no Pub/Sub.
 */
class RepairGatesTest {
    private static final String SCRAPER = "espn_team_roster";
    private static final String ROSTER = "EspnTeamRosterProcessor";
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String PDC = "PlayerDailyCacheProcessor";
    private static final String CONTEXT = "UpcomingPlayerGameContextProcessor";
    private static final String COMPOSITE = "PlayerCompositeFactorsProcessor";
    private static final LocalDate D = LocalDate.of(2026, 1, 23);
    private static final Instant DUE = Instant.parse("2026-01-23T13:00:00Z");

    private final EngineHarness h = new EngineHarness(Instant.parse("2026-01-23T06:00:00Z"));

    RepairGatesTest() {
        h.schedule.tipoffs.put(D, Instant.parse("2026-01-24T00:00:00Z"));
        h.schedule.tipoffs.put(D.minusDays(1), Instant.parse("2026-01-23T00:30:00Z"));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static RunKey run(String processor, LocalDate date) {
        return new RunKey(processor, date);
    }

    private RepairPlan onlyPlan() {
        List<RepairPlan> plans = h.engine.recentPlans(10);
        assertThat(plans).hasSize(1);
        return plans.get(0);
    }

    @Test
    void aScraperFedRunWaitsForItsInputAndRunsOnceItLands() {
        h.engine.staleInput(List.of(run(ROSTER, D)), h.clock.instant(), "16 teams stale", "corr");
        h.clock.advance(Duration.ofHours(1));
        h.engine.advance();
        assertThat(h.events.triggers()).isEmpty();
        assertThat(onlyPlan().steps().get(0).detail())
                .isEqualTo("waiting for input " + SCRAPER + "(" + D + "), due at " + DUE);

        Instant landed = h.clock.instant();
        h.engine.inputLanded(SCRAPER, D, landed);
        h.engine.inputLanded(SCRAPER, D, landed);
        // the landing starts the pipeline's own run: it has its stuck threshold to show life before a trigger
        assertThat(h.events.triggers()).isEmpty();
        assertThat(onlyPlan().steps().get(0).detail()).isEqualTo("input " + SCRAPER + "(" + D + ") landed at "
                + landed + ": waiting for the run it starts, until " + landed.plusSeconds(180));
        h.clock.advance(Duration.ofSeconds(181));
        h.engine.advance();
        h.engine.advance();
        assertThat(h.events.triggersFor(run(ROSTER, D))).hasSize(1);
    }

    @Test
    void aLandingHeardOfLateGivesItsRunTheThresholdFromWhenItArrivedAndARedeliveryDoesNotExtendIt() {
        h.engine.staleInput(List.of(run(ROSTER, D)), h.clock.instant(), "16 teams stale", "corr");
        Instant landed = h.clock.instant();
        // the completion reaches this service two minutes after it was stamped, and the pipeline no sooner
        h.clock.advance(Duration.ofMinutes(2));
        Instant heard = h.clock.instant();
        h.engine.inputLanded(SCRAPER, D, landed);
        h.clock.advance(Duration.ofSeconds(90));
        h.engine.advance();
        assertThat(h.events.triggers()).as("past the landing's threshold, not past its arrival's").isEmpty();
        assertThat(onlyPlan().steps().get(0).detail()).isEqualTo("input " + SCRAPER + "(" + D + ") landed at "
                + landed + ", heard of at " + heard + ": waiting for the run it starts, until " + heard.plusSeconds(180));

        h.clock.advance(Duration.ofSeconds(60));
        h.engine.inputLanded(SCRAPER, D, landed);
        h.clock.advance(Duration.ofSeconds(31));
        h.engine.advance();
        assertThat(h.events.triggersFor(run(ROSTER, D))).as("the same landing redelivered: no longer wait")
                .hasSize(1);
    }

    @Test
    void theRunALandingStartsIsWatchedAndItsCompletionSatisfiesTheStep() {
        h.engine.staleInput(List.of(run(ROSTER, D)), h.clock.instant(), "16 teams stale", "corr");
        h.engine.inputLanded(SCRAPER, D, h.clock.instant());
        h.clock.advance(Duration.ofSeconds(30));
        h.engine.runAlive(run(ROSTER, D), "roster-1", h.clock.instant(), 60);
        h.clock.advance(Duration.ofMinutes(3));
        h.engine.runAlive(run(ROSTER, D), "roster-1", h.clock.instant(), null);
        h.engine.advance();
        assertThat(h.events.triggers()).as("alive past the landing's grace: watched").isEmpty();

        h.clock.advance(Duration.ofSeconds(30));
        h.engine.completed(run(ROSTER, D), "roster-1", h.clock.instant());
        RepairStep roster = onlyPlan().steps().get(0);
        assertThat(roster.state()).isEqualTo(StepState.DONE);
        assertThat(roster.runId()).isEqualTo("roster-1");
        assertThat(h.events.triggersFor(run(ROSTER, D))).isEmpty();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).as("its dependent follows").hasSize(1);
    }

    /**
     * The roster step done by the run of the day's first batch of files while the pipeline's own context run holds
     * the context step; then the rest of the day's files land and that context run completes (it started before the
     * rosters were loaded, so it does not stand in for the step). Returns when the later batch landed.
     */
    private Instant firstBatchLoadedThenTheRestLands() {
        Instant t0 = h.clock.instant();
        h.engine.staleInput(List.of(run(ROSTER, D)), t0, "16 teams stale", "corr");
        h.engine.inputLanded(SCRAPER, D, t0);
        h.engine.runAlive(run(CONTEXT, D), "ctx-own", t0, 60);
        h.clock.advance(Duration.ofSeconds(30));
        h.engine.runAlive(run(ROSTER, D), "roster-1", h.clock.instant(), 60);
        h.clock.advance(Duration.ofSeconds(120));
        h.engine.runAlive(run(CONTEXT, D), "ctx-own", h.clock.instant(), null);
        h.engine.runAlive(run(ROSTER, D), "roster-1", h.clock.instant(), null);
        h.clock.advance(Duration.ofSeconds(90));
        h.engine.completed(run(ROSTER, D), "roster-1", h.clock.instant());
        assertThat(onlyPlan().step(run(ROSTER, D)).orElseThrow().state()).isEqualTo(StepState.DONE);
        assertThat(h.events.triggersFor(run(CONTEXT, D))).as("its own run in progress: watched").isEmpty();

        h.clock.advance(Duration.ofSeconds(30));
        Instant rest = h.clock.instant();
        h.engine.inputLanded(SCRAPER, D, rest);
        h.clock.advance(Duration.ofSeconds(20));
        h.engine.completed(run(CONTEXT, D), "ctx-own", h.clock.instant());
        h.engine.advance();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).as("the rosters are about to be loaded again").isEmpty();
        assertThat(onlyPlan().step(run(CONTEXT, D)).orElseThrow().detail()).isEqualTo("input " + SCRAPER + "(" + D
                + ") landed at " + rest + ", after " + run(ROSTER, D) + " run roster-1 started: waiting for the run"
                + " it starts, until " + rest.plusSeconds(180));
        return rest;
    }

    @Test
    void aDependentWaitsForTheRunALaterBatchOfItsUpstreamsInputStartsAndReadsWhatThatRunLoaded() {
        firstBatchLoadedThenTheRestLands();
        h.clock.advance(Duration.ofSeconds(10));
        h.engine.runAlive(run(ROSTER, D), "roster-2", h.clock.instant(), 60);
        h.clock.advance(Duration.ofMinutes(4));
        h.engine.runAlive(run(ROSTER, D), "roster-2", h.clock.instant(), null);
        h.engine.advance();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).as("past the landing's threshold, the run in progress")
                .isEmpty();
        assertThat(onlyPlan().step(run(CONTEXT, D)).orElseThrow().detail()).startsWith("waiting for " + run(ROSTER, D)
                + " run roster-2, in progress");

        h.clock.advance(Duration.ofSeconds(30));
        h.engine.completed(run(ROSTER, D), "roster-2", h.clock.instant());
        h.engine.advance();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).hasSize(1);
        assertThat(h.events.triggersFor(run(ROSTER, D))).as("the pipeline's own runs loaded the rosters").isEmpty();
    }

    @Test
    void aLaterBatchWhoseRunNeverShowsHoldsTheDependentsOnlyForTheThreshold() {
        Instant rest = firstBatchLoadedThenTheRestLands();
        h.clock.advance(Duration.between(h.clock.instant(), rest.plusSeconds(180)));
        h.engine.advance();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).hasSize(1);
    }

    @Test
    void anInputThatHasNotLandedByItsDueTimeEscalatesOnceWithoutAnyReRun() {
        h.engine.staleInput(List.of(run(ROSTER, D)), h.clock.instant(), "16 teams stale", "corr");
        h.clock.advance(Duration.between(h.clock.instant(), DUE).minusMinutes(1));
        h.engine.advance();
        assertThat(h.events.ofType(BackfillAbandonedAlert.class)).isEmpty();

        h.clock.advance(Duration.ofMinutes(2));
        h.engine.advance();
        h.engine.advance();
        assertThat(h.events.triggers()).isEmpty();
        List<BackfillAbandonedAlert> alerts = h.events.ofType(BackfillAbandonedAlert.class);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.reason()).isEqualTo("input " + SCRAPER + "(" + D + ") due at " + DUE + " has not landed");
            assertThat(a.attempts()).isZero();
        });
        // the same stale signal again opens nothing for a while: that repair was given up
        h.engine.staleInput(List.of(run(ROSTER, D)), h.clock.instant(), "16 teams stale", "corr");
        assertThat(h.events.ofType(BackfillPlanCreated.class)).hasSize(1);
    }

    @Test
    void anInputSupersededByANewerOneEveryConsumerAcceptsIsNoRepairTarget() {
        h.engine.inputLanded(SCRAPER, D, h.clock.instant());
        h.engine.staleInput(List.of(run(ROSTER, D.minusDays(1))), h.clock.instant(), "no objects", "corr");
        assertThat(h.events.ofType(BackfillPlanCreated.class)).isEmpty();
        assertThat(h.events.triggers()).isEmpty();
    }

    @Test
    void aStepWaitingForAnInputThatIsThenSupersededIsSkipped() {
        h.complete(run(ROSTER, D.minusDays(1)));
        h.engine.requestManual(run(ROSTER, D), "operator");
        assertThat(h.events.triggers()).isEmpty();
        h.engine.inputLanded(SCRAPER, D.plusDays(1), h.clock.instant());
        RepairStep roster = onlyPlan().steps().get(0);
        assertThat(roster.state()).isEqualTo(StepState.DONE);
        assertThat(roster.detail()).isEqualTo("input " + SCRAPER + "(" + D + ") superseded by " + SCRAPER + "("
                + D.plusDays(1) + "), which every consumer's freshness edge accepts");
        assertThat(h.events.triggersFor(run(ROSTER, D))).isEmpty();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).as("its dependents run on the input they accept")
                .hasSize(1);
    }

    @Test
    void aRunInProgressAtItsExpectedTimeIsWatchedNotDuplicated() {
        h.clock.advance(Duration.between(h.clock.instant(), Instant.parse("2026-01-23T14:00:30Z")));
        h.engine.runAlive(run(CONTEXT, D), "ctx-1", Instant.parse("2026-01-23T13:59:00Z"), 60);
        h.engine.runAlive(run(CONTEXT, D), "ctx-1", Instant.parse("2026-01-23T14:00:00Z"), null);
        h.engine.sweep();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).isEmpty();
        assertThat(h.events.ofType(BackfillPlanCreated.class))
                .noneMatch(p -> p.steps().stream().anyMatch(s -> s.processor().equals(CONTEXT)));
    }

    @Test
    void aStepWhoseRunIsInProgressWaitsForItAndItsCompletionSatisfiesTheStep() {
        h.clock.advance(Duration.between(h.clock.instant(), Instant.parse("2026-01-23T13:59:30Z")));
        h.complete(run(ROSTER, D.minusDays(1)));
        h.complete(run(PDC, D));
        h.clock.advance(Duration.ofSeconds(60));
        h.engine.runAlive(run(CONTEXT, D), "ctx-1", Instant.parse("2026-01-23T14:00:00Z"), 60);

        RepairPlan plan = h.engine.requestManual(run(CONTEXT, D), "operator");
        assertThat(h.events.triggersFor(run(CONTEXT, D))).isEmpty();
        assertThat(h.plan(plan.planId()).steps().get(0).detail()).startsWith("run ctx-1 is in progress");
        h.clock.advance(Duration.ofMinutes(2));
        h.engine.completed(run(CONTEXT, D), "ctx-1", h.clock.instant());
        RepairStep context = h.plan(plan.planId()).steps().get(0);
        assertThat(context.state()).isEqualTo(StepState.DONE);
        assertThat(context.runId()).isEqualTo("ctx-1");
        assertThat(h.events.triggersFor(run(CONTEXT, D))).isEmpty();
        // the downstream step runs after it, once its coverage is known (here: the wait for a report ran out)
        h.clock.advance(h.settings.coverageWait());
        h.engine.advance();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).isEmpty();
        assertThat(h.events.triggersFor(run(COMPOSITE, D))).hasSize(1);
    }

    /**
     * The pipeline's own run of a step, started before the step's upstream completed (its input refreshed while it
     * ran), completes after it: it may have read the input the plan repairs, so the step is still triggered. (A run
     * that started after its upstream completed stands in: the test above.)
     */
    @Test
    void aRunThatStartedBeforeItsUpstreamCompletedDoesNotStandInForTheStep() {
        h.clock.advance(Duration.between(h.clock.instant(), Instant.parse("2026-01-23T14:00:00Z")));
        h.complete(run(PDC, D));
        RepairPlan plan = h.engine.requestManual(run(CONTEXT, D), "operator");
        h.engine.runAlive(run(CONTEXT, D), "ctx-early", Instant.parse("2026-01-23T14:00:30Z"), 60);
        h.clock.advance(Duration.ofMinutes(2));
        h.complete(run(ROSTER, D.minusDays(1)));
        h.clock.advance(Duration.ofSeconds(30));
        h.engine.completed(run(CONTEXT, D), "ctx-early", h.clock.instant());
        h.clock.advance(h.settings.coverageWait());
        h.engine.advance();

        RepairStep context = h.plan(plan.planId()).step(run(CONTEXT, D)).orElseThrow();
        assertThat(context.runId()).isNotEqualTo("ctx-early");
        assertThat(h.events.triggersFor(run(CONTEXT, D))).hasSize(1);
    }

    @Test
    void aRunSilentPastItsStuckThresholdIsNoLongerWatched() {
        h.clock.advance(Duration.between(h.clock.instant(), Instant.parse("2026-01-23T14:00:30Z")));
        h.complete(run(ROSTER, D.minusDays(1)));
        h.engine.runAlive(run(CONTEXT, D), "ctx-1", Instant.parse("2026-01-23T13:59:00Z"), 60);
        h.clock.advance(Duration.ofMinutes(3));
        h.engine.sweep();
        assertThat(h.events.triggersFor(run(CONTEXT, D))).hasSize(1);
    }

    @Test
    void aDateWithNoGameLeftToProtectGetsNoMissingRunPlan() {
        // the 21st had a run (activity) but no game of it or of its dependents' dates is ahead; the 23rd's are
        h.engine.completed(run(PGS, D.minusDays(2)), "pgs-21", Instant.parse("2026-01-22T09:00:00Z"));
        h.clock.advance(Duration.ofHours(8));
        h.engine.sweep();
        List<BackfillPlanCreated> plans = h.events.ofType(BackfillPlanCreated.class);
        assertThat(plans).isNotEmpty();
        assertThat(plans).allSatisfy(p -> assertThat(p.steps()).allSatisfy(s ->
                assertThat(s.dataDate()).isAfterOrEqualTo(D.minusDays(1))));
        assertThat(plans).noneMatch(p -> p.rootDataDate().equals(D.minusDays(2)));
    }

    @Test
    void aPlanThatCannotProgressClosesWithItsReasonAfterItsIdleTtlWithoutAnAlert() {
        // no roster load was ever seen: the context step waits for an upstream that does not come
        h.engine.requestManual(run(CONTEXT, D), "operator");
        h.clock.advance(h.settings.idlePlanTtl().minusMinutes(1));
        h.engine.advance();
        assertThat(onlyPlan().open()).isTrue();

        h.clock.advance(Duration.ofMinutes(2));
        h.engine.advance();
        RepairPlan closed = onlyPlan();
        assertThat(closed.status()).isEqualTo(PlanStatus.ABANDONED);
        assertThat(closed.closeReason()).isEqualTo("no progress since 2026-01-23T06:00:00Z (idle-plan-ttl PT6H): "
                + CONTEXT + "@" + D + " no completion of " + ROSTER + "(" + D + ") seen");
        assertThat(h.events.ofType(BackfillPlanAbandoned.class)).hasSize(1);
        assertThat(h.events.ofType(BackfillAbandonedAlert.class)).isEmpty();
        assertThat(h.events.triggers()).isEmpty();
    }

    @Test
    void aPlanWaitingForAnInputNotDueYetIsNotIdle() {
        h.engine.staleInput(List.of(run(ROSTER, D)), h.clock.instant(), "16 teams stale", "corr");
        h.clock.advance(h.settings.idlePlanTtl().plusMinutes(30));
        h.engine.advance();
        assertThat(onlyPlan().open()).as("the input is due at 13:00, then the plan escalates").isTrue();
    }

    @Test
    void invalidTimingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new EngineSettings(Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofHours(2),
                3, Duration.ofHours(3))).hasMessageContaining("rebound.backfill.idle-plan-ttl")
                .hasMessageContaining("rebound.backfill.plan-ttl");
        assertThatThrownBy(() -> new EngineSettings(Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofDays(2),
                3, Duration.ZERO)).hasMessageContaining("rebound.backfill.idle-plan-ttl must be a positive duration");
    }
}
