package dev.rebound.coveragemonitor.forecast;

import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.D;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.DEADLINE;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.D_1;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.PIPELINE;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.TIPOFF;
import static dev.rebound.coveragemonitor.forecast.ThreeStagePipeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.v1.DeadlineAtRisk.Cause;
import dev.rebound.events.v1.DeadlineAtRisk.PathStep;
import dev.rebound.events.v1.DeadlineAtRisk.RunState;
import dev.rebound.events.v1.ProcessorHeartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the forecast puts the landing and its critical path, run state by run state, on the three-stage test pipeline
 * ({@link ThreeStagePipeline}).
 */
class DeadlineForecasterTest {
    private final DeadlineForecaster forecaster = new DeadlineForecaster(PIPELINE);
    private final List<ObservedRun> runs = new ArrayList<>();

    private DateForecast forecastAt(Instant now) {
        return ThreeStagePipeline.forecast(forecaster, runs, now);
    }

    private void upstreamDone() {
        ThreeStagePipeline.upstreamDone(runs);
    }

    @Test
    void aQuietMorningLandsAfterTheUsualDurationsOfTheWholeChain() {
        runs.add(ObservedRun.completed("Reference", D_1, "r1", at("05:00"), at("05:05")));

        DateForecast f = forecastAt(at("08:00"));

        assertThat(f.phase()).isEqualTo("published");
        assertThat(f.landing().expected()).isEqualTo(at("09:40"));
        // spreads 5, 20 and 10 min combine to about 23 min, not 35
        assertThat(f.landing().p95()).isBetween(at("10:02"), at("10:03"));
        assertThat(f.criticalPath()).extracting(PathStep::processor).containsExactly("Extract", "Transform", "Publish");
        assertThat(f.criticalPath().get(0).dataDate()).isEqualTo(D_1);
        assertThat(f.atRisk(forecaster.settings())).isFalse();
        assertThat(f.games().get(0).deadline()).isEqualTo(DEADLINE);
    }

    @Test
    void aRunThatHeartbeatsButProgressesTooSlowlyPutsTheDateAtRisk() {
        upstreamDone();
        runs.add(ObservedRun.running("Transform", D, "t1", at("18:00"), at("19:59"), null,
                new ObservedRun.ProgressSample(at("19:59"), 100, 1000)));

        DateForecast f = forecastAt(at("20:00"));

        assertThat(f.landing().expected()).isAfter(TIPOFF);
        assertThat(f.atRisk(forecaster.settings())).isTrue();
        assertThat(f.critical(forecaster.settings())).isTrue();
        assertThat(f.cause()).isEqualTo(Cause.SLOW_PROGRESS);
        assertThat(f.criticalRun().processor()).isEqualTo("Transform");
        assertThat(f.criticalRun().runId()).isEqualTo("t1");
        assertThat(f.criticalRun().progress()).isEqualTo(new ProcessorHeartbeat.Progress(100, 1000));
        assertThat(f.criticalPath()).extracting(PathStep::processor).containsExactly("Transform", "Publish");
        assertThat(f.detail()).contains("Transform(2026-03-10) 10% done after 2h 00m").contains("19h 50m in all");
        assertThat(f.criticalRunBehind()).isTrue();
    }

    @Test
    void aRunOnPaceKeepsTheDateSafe() {
        upstreamDone();
        runs.add(ObservedRun.running("Transform", D, "t1", at("20:00"), at("20:29"), null,
                new ObservedRun.ProgressSample(at("20:29"), 500, 1000)));

        DateForecast f = forecastAt(at("20:30"));

        assertThat(f.criticalPath().get(0).expectedFinish()).isEqualTo(at("20:58"));
        assertThat(f.landing().expected()).isEqualTo(at("21:08"));
        assertThat(f.atRisk(forecaster.settings())).isFalse();
        assertThat(f.comfortablySafe(forecaster.settings())).isTrue();
        assertThat(f.criticalRunBehind()).as("58 min in all, usual p95 80 min").isFalse();
        assertThat(f.detail()).contains("on pace: the landing is late because the runs before it finished late");
    }

    @Test
    void thePaceIsMeasuredFromTheFirstProgressSoASetupDoesNotCountAgainstIt() {
        upstreamDone();
        // 20 minutes of setup, then 500 units in 20 minutes: 490 left, about 20 more minutes
        runs.add(ObservedRun.running("Transform", D, "t1", at("20:00"), at("20:40"),
                new ObservedRun.ProgressSample(at("20:20"), 10, 1000),
                new ObservedRun.ProgressSample(at("20:40"), 510, 1000)));

        PathStep transform = forecastAt(at("20:40")).criticalPath().get(0);

        assertThat(transform.expectedFinish()).isBetween(at("20:59"), at("21:00"));
    }

    @Test
    void withoutProgressARunPastItsMedianIsTakenForASlowOne() {
        upstreamDone();
        runs.add(ObservedRun.running("Transform", D, "t1", at("19:30"), at("19:59")));
        PathStep young = forecastAt(at("20:00")).criticalPath().get(0);
        assertThat(young.expectedFinish()).isEqualTo(at("20:30"));
        assertThat(young.p95Finish()).isEqualTo(at("20:50"));

        runs.set(2, ObservedRun.running("Transform", D, "t1", at("19:30"), at("20:59")));
        PathStep slow = forecastAt(at("21:00")).criticalPath().get(0);
        // 90 min elapsed, p95/p50 = 4/3: expected 90 × √(4/3) ≈ 104 min, pessimistic 90 × 4/3 = 120 min in all
        assertThat(slow.expectedFinish()).isBetween(at("21:13"), at("21:14"));
        assertThat(slow.p95Finish()).isEqualTo(at("21:30"));

        runs.set(2, ObservedRun.running("Transform", D, "t1", at("19:30"), at("21:59")));
        PathStep overdue = forecastAt(at("22:00")).criticalPath().get(0);
        // 150 min elapsed, 70 past its p95 of 80: as late again expected, three times that pessimistically
        assertThat(overdue.expectedFinish()).isEqualTo(at("23:10"));
        assertThat(overdue.p95Finish()).isEqualTo(Instant.parse("2026-03-11T01:30:00Z"));
    }

    @Test
    void aRunThatHasNotStartedNearTheDeadlineIsTheCause() {
        upstreamDone();

        DateForecast f = forecastAt(at("23:00"));

        assertThat(f.landing().expected()).isEqualTo(Instant.parse("2026-03-11T00:10:00Z"));
        assertThat(f.cause()).isEqualTo(Cause.NOT_STARTED);
        assertThat(f.criticalRun().processor()).isEqualTo("Transform");
        assertThat(f.criticalRun().state()).isEqualTo(RunState.NOT_STARTED);
        assertThat(f.criticalRun().runId()).isNull();
        assertThat(f.detail()).contains("has not started although the upstream runs it needs have completed");
    }

    @Test
    void aFailedUpstreamIsReRunAfterTheRepairBackoffAndTheLandingWaitsOnIt() {
        runs.add(ObservedRun.completed("Reference", D_1, "r1", at("05:00"), at("05:05")));
        runs.add(ObservedRun.failed("Extract", D_1, "e1", at("08:30"), at("09:00")));

        DateForecast f = forecastAt(at("09:05"));

        // 09:05 + 2 min backoff + 30 + 60 + 10
        assertThat(f.landing().expected()).isEqualTo(at("10:47"));
        assertThat(f.cause()).isEqualTo(Cause.WAITING_ON_UPSTREAM);
        assertThat(f.criticalRun().processor()).isEqualTo("Extract");
        assertThat(f.criticalRun().dataDate()).isEqualTo(D_1);
        assertThat(f.criticalRun().state()).isEqualTo(RunState.FAILED);
        assertThat(f.criticalRun().runId()).isEqualTo("e1");
    }

    @Test
    void aRunSilentPastItsStuckThresholdIsStuckNotRunning() {
        runs.add(ObservedRun.completed("Reference", D_1, "r1", at("05:00"), at("05:05")));
        runs.add(ObservedRun.running("Extract", D_1, "e1", at("07:50"), at("08:00")));

        DateForecast f = forecastAt(at("08:04"));

        assertThat(f.criticalRun().state()).isEqualTo(RunState.STUCK);
        assertThat(f.cause()).isEqualTo(Cause.WAITING_ON_UPSTREAM);
        assertThat(f.landing().expected()).isEqualTo(at("08:04").plus(Duration.ofMinutes(2 + 30 + 60 + 10)));
    }

    @Test
    void aNewerAttemptReplacesAFailedOne() {
        runs.add(ObservedRun.completed("Reference", D_1, "r1", at("05:00"), at("05:05")));
        runs.add(ObservedRun.failed("Extract", D_1, "e1", at("08:30"), at("09:00")));
        runs.add(ObservedRun.running("Extract", D_1, "e2", at("09:02"), at("09:09")));

        DateForecast f = forecastAt(at("09:10"));

        assertThat(f.criticalRun().runId()).isEqualTo("e2");
        assertThat(f.criticalRun().state()).isEqualTo(RunState.RUNNING);
        assertThat(f.landing().expected()).isEqualTo(at("09:32").plus(Duration.ofMinutes(70)));
    }

    @Test
    void aFreshnessEdgeIsSatisfiedByAnyCompletionInItsWindow() {
        runs.add(ObservedRun.completed("Extract", D_1, "e1", at("06:00"), at("06:30")));
        runs.add(ObservedRun.completed("Reference", D.minusDays(2), "r0", at("05:00"), at("05:05")));
        assertThat(forecastAt(at("08:00")).criticalPath()).extracting(PathStep::processor)
                .containsExactly("Transform", "Publish");

        runs.set(1, ObservedRun.completed("Reference", D.minusDays(3), "r0", at("05:00"), at("05:05")));
        DateForecast stale = forecastAt(at("08:00"));
        assertThat(stale.criticalPath()).extracting(PathStep::processor)
                .containsExactly("Reference", "Transform", "Publish");
        assertThat(stale.criticalPath().get(0).dataDate()).isEqualTo(D);
    }

    @Test
    void aRunningRunWhoseUpstreamHasNotCompletedIsReRunAfterIt() {
        runs.add(ObservedRun.completed("Reference", D_1, "r1", at("05:00"), at("05:05")));
        runs.add(ObservedRun.failed("Extract", D_1, "e1", at("07:30"), at("08:00")));
        runs.add(ObservedRun.running("Transform", D, "t1", at("08:00"), at("08:09")));

        DateForecast f = forecastAt(at("08:10"));

        assertThat(f.criticalPath()).extracting(PathStep::processor).containsExactly("Extract", "Transform", "Publish");
        assertThat(f.landing().expected()).isEqualTo(at("08:12").plus(Duration.ofMinutes(30 + 60 + 10)));
    }

    @Test
    void aDateWhoseLastPhaseCompletedHasLanded() {
        upstreamDone();
        runs.add(ObservedRun.completed("Transform", D, "t1", at("19:00"), at("20:00")));
        runs.add(ObservedRun.completed("Publish", D, "p1", at("20:00"), at("20:10")));

        DateForecast f = forecastAt(at("21:00"));

        assertThat(f.landed()).isTrue();
        assertThat(f.landedAt()).isEqualTo(at("20:10"));
        assertThat(f.cause()).isNull();
        assertThat(f.criticalPath()).isEmpty();
        assertThat(f.games().get(0).p95Margin()).isEqualTo(Duration.ofMinutes(200));
    }

}
