package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.Cause;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's cascade, explained from what was seen, by walking the default topology upstream. */
class RootCauseFinderTest {
    private static final Topology TOPOLOGY = PipelineLoader.load(PipelineLoader.DEFAULT);
    private static final LocalDate JAN_23 = LocalDate.parse("2026-01-23");
    private static final LocalDate JAN_22 = LocalDate.parse("2026-01-22");
    private static final LocalDate JAN_14 = LocalDate.parse("2026-01-14");
    private static final Instant AT = Instant.parse("2026-01-23T20:00:00Z");
    private static final DateCoverage.Game TOR_POR = new DateCoverage.Game("20260123_TOR_POR",
            Instant.parse("2026-01-24T03:00:00Z"), "POR", "TOR", false, 30, Map.of("predictions", 0));
    private final RootCauseFinder finder = new RootCauseFinder(TOPOLOGY);

    private static RunRecord run(String processor, LocalDate date, RunStatus status, String stuck, String corr) {
        return new RunRecord(processor, date, "run-" + processor + "-" + date, status, AT, null,
                status == RunStatus.FAILED ? "upstream_missing" : null, stuck, corr);
    }

    @Test
    void theUpstreamWalkCoversTheDayBeforeForPlayerGameSummaryAndARosterWindow() {
        List<RootCauseFinder.RunWindow> windows = finder.upstreamWindows("PredictionCoordinator", JAN_23);
        assertThat(windows).contains(
                new RootCauseFinder.RunWindow("PredictionCoordinator", JAN_23, JAN_23),
                new RootCauseFinder.RunWindow("MLFeatureStoreProcessor", JAN_23, JAN_23),
                new RootCauseFinder.RunWindow("PlayerDailyCacheProcessor", JAN_23, JAN_23),
                new RootCauseFinder.RunWindow("PlayerGameSummaryProcessor", JAN_22, JAN_22),
                new RootCauseFinder.RunWindow("EspnTeamRosterProcessor", LocalDate.parse("2026-01-20"), JAN_23));
    }

    @Test
    void staleRostersOfBothTeamsTheStuckRunAndTheSkippedRunExplainTheGapRootFirst() {
        Observations seen = new Observations(List.of(
                run("PlayerGameSummaryProcessor", JAN_22, RunStatus.STUCK, "silent for 245 s (threshold 180 s)",
                        "chain-1"),
                run("PlayerDailyCacheProcessor", JAN_23, RunStatus.FAILED, null, null),
                run("UpcomingPlayerGameContextProcessor", JAN_23, RunStatus.COMPLETED, null, null),
                run("PlayerCompositeFactorsProcessor", JAN_23, RunStatus.COMPLETED, null, null),
                run("MLFeatureStoreProcessor", JAN_23, RunStatus.COMPLETED, null, null),
                run("PredictionCoordinator", JAN_23, RunStatus.COMPLETED, null, null)),
                Map.of("POR", new Observations.TeamRosterVerdict("POR", "stale", JAN_14, 8),
                        "TOR", new Observations.TeamRosterVerdict("TOR", "stale", JAN_14, 8)),
                null, List.of());

        RootCauseFinder.RootCauses causes = finder.find("PredictionCoordinator", JAN_23, TOR_POR,
                Map.of("POR", JAN_14, "TOR", JAN_14), seen);

        assertThat(causes.causes()).containsExactly(
                new Cause("EspnTeamRosterProcessor", JAN_14, "stale", "TOR roster 9 days old"),
                new Cause("EspnTeamRosterProcessor", JAN_14, "stale", "POR roster 9 days old"),
                new Cause("EspnTeamRosterProcessor", JAN_23, "missing",
                        "EspnTeamRosterProcessor: no completion seen between 2026-01-20 and 2026-01-23"),
                new Cause("PlayerGameSummaryProcessor", JAN_22, "stuck",
                        "PlayerGameSummaryProcessor 2026-01-22 stuck: silent for 245 s (threshold 180 s)"),
                new Cause("PlayerDailyCacheProcessor", JAN_23, "failed",
                        "PlayerDailyCacheProcessor 2026-01-23 failed: upstream_missing"));
        assertThat(causes.correlationId()).isEqualTo("chain-1");
    }

    @Test
    void aRosterOlderThanTheMaximumInTheWarehouseIsACauseEvenWithoutAStaleAlert() {
        RootCauseFinder.RootCauses causes = finder.find("UpcomingPlayerGameContextProcessor", JAN_23, TOR_POR,
                Map.of("POR", JAN_14, "TOR", JAN_22), completedEverything());
        assertThat(causes.causes()).containsExactly(
                new Cause("EspnTeamRosterProcessor", JAN_14, "stale", "POR roster 9 days old"));
    }

    @Test
    void aRosterStaleWhenThePhaseLastRanExplainsTheGapUntilThePhaseRunsAgain() {
        // the rosters were reloaded after the context run: its output still lacks the players they add
        Instant freshSince = AT.plusSeconds(600);
        Map<String, Observations.TeamRosterVerdict> recovered = Map.of("POR",
                new Observations.TeamRosterVerdict("POR", "stale", JAN_14, 9, freshSince));
        Observations ranBefore = new Observations(completedEverything().runs(), recovered, null, List.of());

        assertThat(finder.find("UpcomingPlayerGameContextProcessor", JAN_23, TOR_POR,
                Map.of("POR", JAN_23, "TOR", JAN_23), ranBefore).causes()).containsExactly(
                new Cause("EspnTeamRosterProcessor", JAN_14, "stale", "POR roster 9 days old when"
                        + " UpcomingPlayerGameContextProcessor last ran (fresh since " + freshSince + ")"));

        // a run that started before the reload and completed after it read the stale rosters all the same
        List<RunRecord> overlapping = new java.util.ArrayList<>(completedEverything().runs());
        overlapping.add(new RunRecord("UpcomingPlayerGameContextProcessor", JAN_23, "overlapping",
                RunStatus.COMPLETED, freshSince.plusSeconds(60), 8L, null, null, null, freshSince.minusSeconds(240)));
        assertThat(finder.find("UpcomingPlayerGameContextProcessor", JAN_23, TOR_POR,
                Map.of("POR", JAN_23, "TOR", JAN_23), new Observations(overlapping, recovered, null, List.of()))
                .causes()).extracting(Cause::detail).singleElement().asString().startsWith("POR roster 9 days old");

        List<RunRecord> rerun = new java.util.ArrayList<>(completedEverything().runs());
        rerun.add(new RunRecord("UpcomingPlayerGameContextProcessor", JAN_23, "rerun", RunStatus.COMPLETED,
                freshSince.plusSeconds(360), 8L, null, null, null, freshSince.plusSeconds(60)));
        Observations ranAfter = new Observations(rerun, recovered, null, List.of());
        assertThat(finder.find("UpcomingPlayerGameContextProcessor", JAN_23, TOR_POR,
                Map.of("POR", JAN_23, "TOR", JAN_23), ranAfter).causes()).isEmpty();
    }

    @Test
    void aMissingRosterIsNamed() {
        RootCauseFinder.RootCauses causes = finder.find("UpcomingPlayerGameContextProcessor", JAN_23, TOR_POR,
                Map.of("TOR", JAN_22), completedEverything());
        assertThat(causes.causes()).extracting(Cause::detail).containsExactly("POR roster missing");
    }

    @Test
    void aCompletedRetryClearsAnEarlierStuckRun() {
        Observations seen = new Observations(List.of(
                run("PlayerGameSummaryProcessor", JAN_22, RunStatus.STUCK, "silent", null),
                new RunRecord("PlayerGameSummaryProcessor", JAN_22, "retry", RunStatus.COMPLETED, AT, 10L, null,
                        null, null)), Map.of(), null, List.of());
        assertThat(finder.find("PlayerDailyCacheProcessor", JAN_23, TOR_POR, Map.of("POR", JAN_22, "TOR", JAN_22),
                seen).causes()).noneMatch(c -> c.processor().equals("PlayerGameSummaryProcessor"));
    }

    @Test
    void staleInputsAndAbandonedRepairsUpstreamAreCauses() {
        Observations seen = new Observations(completedEverything().runs(), Map.of(), null, List.of(
                new Observations.NotedAlert(Observations.INPUT_STALE, "espn_team_roster", JAN_23, "critical",
                        "12 of 30 objects by 13:00", AT, null),
                new Observations.NotedAlert(Observations.BACKFILL_ABANDONED, "MLFeatureStoreProcessor", JAN_23,
                        "critical", "repair plan-9 gave up after 3 attempts: error", AT, "chain-9")));
        RootCauseFinder.RootCauses causes = finder.find("PredictionCoordinator", JAN_23, TOR_POR,
                Map.of("POR", JAN_22, "TOR", JAN_22), seen);
        assertThat(causes.causes()).containsExactly(
                new Cause("espn_team_roster", JAN_23, "stale", "12 of 30 objects by 13:00"),
                new Cause("MLFeatureStoreProcessor", JAN_23, "abandoned",
                        "repair plan-9 gave up after 3 attempts: error"));
        assertThat(causes.correlationId()).isEqualTo("chain-9");
    }

    private static Observations completedEverything() {
        return new Observations(TOPOLOGY.order().stream()
                .map(p -> run(p, p.equals("PlayerGameSummaryProcessor") ? JAN_22 : JAN_23, RunStatus.COMPLETED,
                        null, null))
                .toList(), Map.of(), null, List.of());
    }
}
