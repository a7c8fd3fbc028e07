package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.DeadlineAtRisk.RunState;
import dev.rebound.scenario.Expectation;
import dev.rebound.scenario.Scenario;
import dev.rebound.scenario.ScenarioLoader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline warnings are judged from the archive and the schedule table: counted once per ce-id, the first of a
 * date against its first coverage gap and against the earliest scheduled tip-off of the games it names.
 */
class DeadlineWarningsCheckTest {
    private static final LocalDate D = LocalDate.parse("2026-01-23");
    /** HOU_DET and SAC_CLE tip off at 00:00 in the cascade's schedule; BOS_BKN at 00:30. */
    private static final Instant FIRST_TIPOFF = Instant.parse("2026-01-24T00:00:00Z");

    private final EventCodec codec = new EventCodec();
    private final List<ArchivedEvent> archive = new ArrayList<>();
    private Scenario scenario;
    private Connection db;

    @BeforeEach
    void seed() throws Exception {
        scenario = ScenarioLoader.load(ExpectationChecksTest.CASCADE);
        db = ExpectationChecksTest.pipelineTables(scenario);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void archived(String ceId, Instant at, EventPayload payload) {
        EncodedMessage m = codec.encode(Event.of(ceId, "//rebound/coverage-monitor", at, payload,
                "deadline:" + D + ":1", Map.of()));
        archive.add(new ArchivedEvent("pipeline-alerts--archive", ceId + "-" + archive.size(), at, m.attributes(),
                ArchivedEvent.parse(m.data())));
    }

    /** An at-risk warning at {@code at} naming {@code game}, claiming a tip-off that is not the schedule's. */
    private void warning(String ceId, Instant at, String game) {
        Instant claimedTipoff = Instant.parse("2026-01-24T06:00:00Z");
        archived(ceId, at, new DeadlineAtRisk(D, List.of(new DeadlineAtRisk.Game(game, claimedTipoff)), "predictions",
                new DeadlineAtRisk.Landing(at.plusSeconds(36000), at.plusSeconds(40000)),
                FIRST_TIPOFF.minusSeconds(1800), 1800,
                new DeadlineAtRisk.CriticalRun("MLFeatureStoreProcessor", D, RunState.RUNNING, "ml-1", null),
                DeadlineAtRisk.Cause.SLOW_PROGRESS, "slow", List.of(new DeadlineAtRisk.PathStep(
                        "MLFeatureStoreProcessor", D, RunState.RUNNING, at.plusSeconds(36000), at.plusSeconds(40000))),
                Severity.CRITICAL, at));
    }

    private void gap(Instant at) {
        archived("gap-" + at, at, new CoverageGap(D, "20260123_HOU_DET", FIRST_TIPOFF, "predictions", 0, 8, at,
                Severity.WARNING, List.of()));
    }

    private static Expectation expect(Double min, Double max, Boolean beforeFirstGap, Duration lead) {
        return new Expectation(Expectation.Type.deadline_warnings, null, null, null, null, null, D, null, null, null,
                null, null, null, null, null, min, max, null, null, null, null, null, null, beforeFirstGap, lead);
    }

    private ExpectationChecks.Result check(Expectation e) throws Exception {
        Scenario s = scenario;
        return new ExpectationChecks(s, ScenarioLoader.topologyOf("cascade", s), archive, db).check(e);
    }

    @Test
    void aWarningBeforeTheGapAndHoursBeforeTheScheduledTipoffHolds() throws Exception {
        Instant at = Instant.parse("2026-01-23T19:05:00Z");
        warning("w1", at, "20260123_HOU_DET");
        warning("w1", at, "20260123_HOU_DET"); // the same announcement archived by two subscriptions
        warning("w2", at.plusSeconds(600), "20260123_BOS_BKN");
        gap(Instant.parse("2026-01-23T22:00:00Z"));

        ExpectationChecks.Result result = check(expect(1.0, 2.0, true, Duration.ofHours(1)));
        assertThat(result.held()).as(result.detail()).isTrue();
        assertThat(result.detail()).isEqualTo("2 at-risk warning(s) for 2026-01-23 (expected ≥ 1, ≤ 2): 2026-01-23"
                + " first at 01-23 19:05:00Z (slow_progress MLFeatureStoreProcessor, critical), before the first gap"
                + " at 01-23 22:00:00Z, 295 min before the tip-off at 01-24 00:00:00Z");
        assertThat(check(expect(null, 1.0, null, null)).held()).as("two distinct announcements").isFalse();
    }

    @Test
    void aWarningAfterTheFirstGapOrTooCloseToTheScheduledTipoffFails() throws Exception {
        gap(Instant.parse("2026-01-23T22:00:00Z"));
        warning("late", Instant.parse("2026-01-23T23:30:00Z"), "20260123_HOU_DET");

        ExpectationChecks.Result afterGap = check(expect(1.0, null, true, null));
        assertThat(afterGap.held()).isFalse();
        assertThat(afterGap.detail()).startsWith("2026-01-23: first warning at 01-23 23:30:00Z, not before the"
                + " first coverage gap at 01-23 22:00:00Z");
        // the event claims a 06:00 tip-off; the schedule says 00:00, and the schedule is what counts
        ExpectationChecks.Result tooLate = check(expect(1.0, null, false, Duration.ofHours(1)));
        assertThat(tooLate.held()).isFalse();
        assertThat(tooLate.detail()).contains("only 30 min before the tip-off at 01-24 00:00:00Z (wanted 60 min)");
    }

    @Test
    void noWarningAtAllMeetsAZeroBudgetAndMissesAMinimum() throws Exception {
        gap(Instant.parse("2026-01-23T22:00:00Z"));
        assertThat(check(expect(null, 0.0, null, null)).held()).isTrue();
        ExpectationChecks.Result missing = check(expect(1.0, null, true, Duration.ofHours(1)));
        assertThat(missing.held()).isFalse();
        assertThat(missing.detail()).isEqualTo("0 at-risk warning(s) for 2026-01-23 (expected ≥ 1)");

        warning("other-date", Instant.parse("2026-01-23T12:00:00Z"), "20260123_HOU_DET");
        Expectation everyDate = new Expectation(Expectation.Type.deadline_warnings, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, 0.0, null, null, null, null, null, null,
                null, null);
        assertThat(check(everyDate).held()).isFalse();
    }
}
