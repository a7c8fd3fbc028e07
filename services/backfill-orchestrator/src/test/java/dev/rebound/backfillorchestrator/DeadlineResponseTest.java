package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.backfillorchestrator.store.PostgresRepairStateStore;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.v1.DeadlineAtRisk.Cause;
import dev.rebound.events.v1.DeadlineAtRisk.RunState;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the orchestrator does with the deadline forecast's warnings: the date with the smallest margin gets the next
 * trigger slot, a failed or not-started critical run is repaired at once, a slow run that is alive is never started
 * again, and redelivered or out-of-order announcements change nothing. The engine over its real PostgreSQL store, a
 * clock the test moves, no Pub/Sub.
 */
class DeadlineResponseTest {
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String PDC = "PlayerDailyCacheProcessor";
    private static final LocalDate D = LocalDate.of(2026, 1, 23);
    private static final Instant TIPOFF = Instant.parse("2026-01-24T00:00:00Z");

    private final EngineHarness h = new EngineHarness(Instant.parse("2026-01-23T11:00:00Z"));
    private final RepairStateStore store = new PostgresRepairStateStore(h.store);

    DeadlineResponseTest() {
        h.schedule.tipoffs.put(D, TIPOFF);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static RunKey run(String processor, LocalDate date) {
        return new RunKey(processor, date);
    }

    /** An announcement of episode {@code episode} for {@code date}, deciding landing {@code late} past the deadline. */
    private DeadlineMargin margin(LocalDate date, int episode, Duration late) {
        Instant deadline = TIPOFF.minus(Duration.ofMinutes(30));
        return new DeadlineMargin(date, episode, "deadline:" + date + ":" + episode, deadline, deadline.plus(late),
                "slow_progress", h.clock.instant());
    }

    private void slowButAlive(DeadlineMargin margin, RunKey critical) {
        h.engine.deadlines().atRisk(margin, critical, RunState.RUNNING, Cause.SLOW_PROGRESS, "slow");
    }

    @Test
    void theFreedTriggerSlotGoesToTheDateWithTheSmallestMarginBeforeAnEarlierTipoff() {
        int limit = h.topology.config().repair().maxConcurrentTriggers();
        for (int i = 0; i < limit; i++) {
            h.engine.requestManual(run(PGS, D.minusDays(30 + i)), "test");
        }
        LocalDate earlyTipoff = D.minusDays(16);
        LocalDate tight = D.minusDays(13);
        LocalDate lessTight = D.minusDays(10);
        h.schedule.tipoffs.put(earlyTipoff, Instant.parse("2026-01-08T01:00:00Z"));
        h.schedule.tipoffs.put(tight, Instant.parse("2026-01-11T01:00:00Z"));
        h.schedule.tipoffs.put(lessTight, Instant.parse("2026-01-14T01:00:00Z"));
        for (LocalDate date : List.of(earlyTipoff, lessTight, tight)) {
            h.engine.requestManual(run(PGS, date), "test");
        }
        slowButAlive(margin(lessTight, 1, Duration.ofMinutes(5)), run(PDC, lessTight.plusDays(1)));
        slowButAlive(margin(tight, 1, Duration.ofMinutes(40)), run(PDC, tight.plusDays(1)));
        assertThat(h.events.triggers()).as("no slot was free").hasSize(limit);

        h.clock.advance(Duration.ofMinutes(1));
        h.complete(run(PGS, D.minusDays(30)));
        assertThat(h.events.triggers().get(limit).dataDate()).as("smallest margin first").isEqualTo(tight);
        h.complete(run(PGS, D.minusDays(31)));
        assertThat(h.events.triggers().get(limit + 1).dataDate()).isEqualTo(lessTight);
        h.complete(run(PGS, D.minusDays(32)));
        assertThat(h.events.triggers().get(limit + 2).dataDate()).as("then by tip-off").isEqualTo(earlyTipoff);
        assertThat(h.engine.stepsInFlight()).isEqualTo(limit);
    }

    @Test
    void aRecoveredDateLosesItsPlaceAndTheOrderFallsBackToTipoff() {
        int limit = h.topology.config().repair().maxConcurrentTriggers();
        for (int i = 0; i < limit; i++) {
            h.engine.requestManual(run(PGS, D.minusDays(30 + i)), "test");
        }
        LocalDate earlyTipoff = D.minusDays(16);
        LocalDate atRisk = D.minusDays(10);
        h.schedule.tipoffs.put(earlyTipoff, Instant.parse("2026-01-08T01:00:00Z"));
        h.schedule.tipoffs.put(atRisk, Instant.parse("2026-01-14T01:00:00Z"));
        h.engine.requestManual(run(PGS, atRisk), "test");
        h.engine.requestManual(run(PGS, earlyTipoff), "test");
        slowButAlive(margin(atRisk, 1, Duration.ofMinutes(5)), run(PDC, atRisk.plusDays(1)));
        h.engine.deadlines().recovered(atRisk, 1, "deadline:" + atRisk + ":1", h.clock.instant());
        assertThat(store.activeMargins()).isEmpty();

        h.clock.advance(Duration.ofMinutes(1));
        h.complete(run(PGS, D.minusDays(30)));
        assertThat(h.events.triggers().get(limit).dataDate()).isEqualTo(earlyTipoff);
    }

    @Test
    void aFailedCriticalRunTheOrchestratorHasNotHeardOfIsRepairedAtOnceAndItsFailureAddsNothing() {
        RunKey cache = run(PDC, D);
        h.complete(run(PGS, D.minusDays(1)));
        h.engine.deadlines().atRisk(margin(D, 1, Duration.ofMinutes(10)), cache, RunState.FAILED,
                Cause.WAITING_ON_UPSTREAM, "PDC failed: the landing waits on its re-run");

        assertThat(h.events.triggersFor(cache)).singleElement()
                .satisfies(t -> assertThat(t.reason()).contains("deadline at risk (waiting_on_upstream)"));
        RepairPlan plan = h.engine.activePlans().get(0);
        assertThat(plan.root()).isEqualTo(cache);
        assertThat(plan.correlationId()).isEqualTo("deadline:" + D + ":1");

        // the failure itself arrives later (another topic): it is the run the trigger replaced, not a new attempt
        h.engine.failed(cache, "pdc-1", RunStatus.ERROR, h.clock.instant().minusSeconds(60), "boom", "corr-f");
        assertThat(h.events.ofType(BackfillPlanCreated.class)).hasSize(1);
        assertThat(h.events.triggersFor(cache)).extracting(ProcessorTrigger::attempt).containsExactly(1);
    }

    @Test
    void aRunNotStartedAlthoughItsUpstreamIsDoneIsTriggeredBeforeTheSweepWouldConsiderIt() {
        RunKey cache = run(PDC, D);
        h.complete(run(PGS, D.minusDays(1)));
        h.engine.sweep();
        assertThat(h.events.triggersFor(cache)).as("not past its expected time: the sweep leaves it").isEmpty();

        h.engine.deadlines().atRisk(margin(D, 1, Duration.ofMinutes(10)), cache, RunState.NOT_STARTED,
                Cause.NOT_STARTED, "upstream done, not started");
        assertThat(h.events.triggersFor(cache)).hasSize(1);
    }

    @Test
    void aSlowRunThatIsAliveIsWatchedWhateverTheWarningSays() {
        RunKey cache = run(PDC, D);
        h.complete(run(PGS, D.minusDays(1)));
        h.engine.runAlive(cache, "pdc-slow", h.clock.instant(), 60);
        slowButAlive(margin(D, 1, Duration.ofMinutes(10)), cache);
        assertThat(h.engine.activePlans()).isEmpty();

        // a warning that says otherwise (behind the heartbeats) still does not start a second run
        h.clock.advance(Duration.ofMinutes(1));
        h.engine.runAlive(cache, "pdc-slow", h.clock.instant(), null);
        h.engine.deadlines().atRisk(new DeadlineMargin(D, 1, "deadline:" + D + ":1", TIPOFF, TIPOFF.plusSeconds(60),
                "waiting_on_upstream", h.clock.instant()), cache, RunState.STUCK, Cause.WAITING_ON_UPSTREAM, "stuck?");
        h.clock.advance(Duration.ofHours(2));
        h.engine.runAlive(cache, "pdc-slow", h.clock.instant(), null);
        h.engine.sweep();
        assertThat(h.events.triggers()).isEmpty();
        assertThat(store.activeMargins()).containsKey(D);
    }

    @Test
    void redeliveredAndOutOfOrderAnnouncementsChangeNothing() {
        RunKey cache = run(PDC, D);
        h.complete(run(PGS, D.minusDays(1)));
        DeadlineMargin first = margin(D, 1, Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            h.engine.deadlines().atRisk(first, cache, RunState.NOT_STARTED, Cause.NOT_STARTED, "not started");
        }
        assertThat(h.events.ofType(BackfillPlanCreated.class)).hasSize(1);
        assertThat(h.events.triggersFor(cache)).hasSize(1);
        assertThat(store.activeMargins()).containsEntry(D, Duration.ofMinutes(-10));

        h.clock.advance(Duration.ofMinutes(5));
        String episode1 = "deadline:" + D + ":1";
        h.engine.deadlines().recovered(D, 1, episode1, h.clock.instant());
        h.engine.deadlines().recovered(D, 1, episode1, h.clock.instant());
        h.engine.deadlines().atRisk(first, cache, RunState.NOT_STARTED, Cause.NOT_STARTED, "not started");
        assertThat(store.activeMargins()).as("a closed episode stays closed").isEmpty();

        // a recovery seen before its episode's announcement: that announcement, when it comes, is closed already
        h.engine.deadlines().recovered(D, 2, "deadline:" + D + ":2", h.clock.instant());
        slowButAlive(margin(D, 2, Duration.ofMinutes(3)), cache);
        assertThat(store.activeMargins()).isEmpty();

        slowButAlive(margin(D, 3, Duration.ofMinutes(3)), cache);
        assertThat(store.activeMargins()).containsEntry(D, Duration.ofMinutes(-3));
        assertThat(h.events.triggersFor(cache)).hasSize(1);
    }

    @Test
    void aCorrelationIdThatIsNotTheDatesDeadlineEpisodeIsRefusedWithItsReason() {
        assertThat(DeadlineMargin.episodeOf("deadline:2026-01-23:4", D)).isEqualTo(4);
        assertThatThrownBy(() -> DeadlineMargin.episodeOf("deadline:2026-01-22:4", D))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("correlation_id deadline:2026-01-22:4 is not deadline:2026-01-23:<episode>, as every"
                        + " deadline announcement of that game date must be");
        assertThatThrownBy(() -> DeadlineMargin.episodeOf(null, D)).isInstanceOf(IllegalArgumentException.class);
    }
}
