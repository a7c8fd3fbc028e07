package dev.rebound.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoaderTest {
    private static final LocalDate JAN_22 = LocalDate.of(2026, 1, 22);
    private static final LocalDate JAN_23 = LocalDate.of(2026, 1, 23);

    @TempDir
    Path dir;

    private final Topology nba = PipelineLoader.load(PipelineLoader.DEFAULT);

    private static String defaultYaml() throws IOException {
        try (InputStream in = PipelineLoaderTest.class.getClassLoader()
                .getResourceAsStream("rebound/pipelines/nba-player-props.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path variant(String from, String to) throws IOException {
        String yaml = defaultYaml();
        assertThat(yaml).contains(from);
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, yaml.replace(from, to));
        return file;
    }

    @Test
    void theDefaultPipelineIsTheSeedsTopology() {
        assertThat(nba.order()).containsSubsequence("PlayerGameSummaryProcessor", "PlayerDailyCacheProcessor",
                "PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor", "PredictionCoordinator");
        assertThat(nba.order()).containsSubsequence("EspnTeamRosterProcessor", "UpcomingPlayerGameContextProcessor",
                "MLFeatureStoreProcessor");
        assertThat(nba.config().rosters().teams()).hasSize(30);
        assertThat(nba.config().rosters().maxAgeDays()).isEqualTo(3);
        assertThat(nba.config().coverage().minPlayers()).isEqualTo(8);
        assertThat(nba.config().coverage().alertBeforeFirstTipoff()).isEqualTo(Duration.ofHours(2));
        assertThat(nba.config().repair().sweepEvery()).isEqualTo(Duration.ofMinutes(30));
        assertThat(nba.coverageProcessors()).extracting(p -> p.coverage().phase())
                .containsExactly("context", "features", "predictions");
    }

    @Test
    void theIncidentsRootHasTheWholeCascadeAsDependentsInOrder() {
        assertThat(nba.dependentsOf(new Topology.RunKey("PlayerGameSummaryProcessor", JAN_22))).containsExactly(
                new Topology.RunKey("PlayerGameSummaryProcessor", JAN_22),
                new Topology.RunKey("PlayerDailyCacheProcessor", JAN_23),
                new Topology.RunKey("PlayerCompositeFactorsProcessor", JAN_23),
                new Topology.RunKey("MLFeatureStoreProcessor", JAN_23),
                new Topology.RunKey("PredictionCoordinator", JAN_23));
        assertThat(nba.upstreamRunsOf(new Topology.RunKey("PlayerDailyCacheProcessor", JAN_23)))
                .containsExactly(new Topology.RunKey("PlayerGameSummaryProcessor", JAN_22));
    }

    @Test
    void stuckThresholdIsThreeIntervalsUnlessOverridden() throws IOException {
        assertThat(nba.stuckThreshold("PlayerGameSummaryProcessor", 60)).isEqualTo(Duration.ofSeconds(180));
        assertThat(nba.stuckThreshold("PlayerGameSummaryProcessor", null)).isEqualTo(Duration.ofSeconds(180));
        Topology overridden = PipelineLoader.load(variant("overrides: []",
                "overrides: [{processor: PredictionCoordinator, stuck_after_s: 600}]").toString());
        assertThat(overridden.stuckThreshold("PredictionCoordinator", 60)).isEqualTo(Duration.ofSeconds(600));
        assertThat(overridden.stuckThreshold("MLFeatureStoreProcessor", 20)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aNewerScrapeStandsInForAMissingOneOnlyWithinEveryConsumersFreshnessWindow() throws IOException {
        assertThat(nba.supersedingDays("espn_team_roster")).isEqualTo(3);
        assertThat(nba.supersedingDays("a_scraper_that_feeds_nothing")).isZero();
        String contextEdge = "  - {from: EspnTeamRosterProcessor, to: UpcomingPlayerGameContextProcessor,"
                + " freshness_days: 3, min_coverage: 0.9}";
        Topology narrower = PipelineLoader.load(variant(contextEdge, contextEdge + "\n"
                + "  - {from: EspnTeamRosterProcessor, to: PlayerDailyCacheProcessor, freshness_days: 1,"
                + " min_coverage: 0.9}").toString());
        assertThat(narrower.supersedingDays("espn_team_roster")).isEqualTo(1);
        Topology exact = PipelineLoader.load(variant(contextEdge, contextEdge + "\n"
                + "  - {from: EspnTeamRosterProcessor, to: PlayerDailyCacheProcessor, min_coverage: 0.9}").toString());
        assertThat(exact.supersedingDays("espn_team_roster")).as("a consumer needs its exact date").isZero();
    }

    @Test
    void aCycleIsRejectedNamingIt() throws IOException {
        Path file = variant("  - {from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 0.9}",
                "  - {from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 0.9}\n"
                        + "  - {from: PredictionCoordinator, to: PlayerGameSummaryProcessor, min_coverage: 0.9}");
        assertThatThrownBy(() -> PipelineLoader.load(file.toString()))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("edges: dependency cycle")
                .hasMessageContaining("PredictionCoordinator -> PlayerGameSummaryProcessor");
    }

    @Test
    void anUnknownProcessorIsRejectedNamingTheKey() throws IOException {
        Path file = variant("{from: MLFeatureStoreProcessor, to: PredictionCoordinator",
                "{from: MLFeatureStoreProcessor, to: PredictionCoordinatr");
        assertThatThrownBy(() -> PipelineLoader.load(file.toString()))
                .hasMessageContaining("edges[7].to: unknown processor 'PredictionCoordinatr'");
    }

    @Test
    void aThresholdOutsideZeroToOneIsRejected() throws IOException {
        Path file = variant("{from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 0.9}",
                "{from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 1.5}");
        assertThatThrownBy(() -> PipelineLoader.load(file.toString()))
                .hasMessageContaining("edges[7].min_coverage: must be within 0..1, was 1.5");
    }

    @Test
    void anUnknownKeyIsRejectedNamingIt() throws IOException {
        Path file = variant("  min_players: 8", "  min_players: 8\n  min_playerz: 9");
        assertThatThrownBy(() -> PipelineLoader.load(file.toString()))
                .hasMessageContaining("coverage.min_playerz");
    }

    @Test
    void aWrongTypeIsRejectedNamingTheKey() throws IOException {
        Path file = variant("max_attempts: 3", "max_attempts: three");
        assertThatThrownBy(() -> PipelineLoader.load(file.toString()))
                .hasMessageContaining("repair.max_attempts");
    }

    @Test
    void theDefaultPipelineCarriesTheForecastSettings() {
        PipelineConfig.Forecast f = nba.config().forecast();
        assertThat(f.safetyMargin()).isEqualTo(Duration.ofMinutes(30));
        assertThat(f.evaluateEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(f.historyRuns()).isEqualTo(20);
        assertThat(f.minHistoryRuns()).isEqualTo(3);
        assertThat(f.priorOf("PredictionCoordinator"))
                .isEqualTo(new PipelineConfig.DurationPrior(Duration.ofMinutes(20), Duration.ofHours(1)));
        assertThat(f.atRiskLanding()).isEqualTo(0.25);
        assertThat(f.recoverAbove()).isEqualTo(Duration.ofMinutes(15));
        assertThat(f.confirmFor()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aPipelineWithoutAForecastSectionGetsTheDefaults() throws IOException {
        String yaml = defaultYaml();
        Path file = dir.resolve("no-forecast.yaml");
        Files.writeString(file, yaml.substring(0, yaml.indexOf("\nforecast:")));

        assertThat(PipelineLoader.load(file.toString()).config().forecast()).isEqualTo(PipelineConfig.Forecast.DEFAULTS);
    }

    @Test
    void omittedForecastKeysTakeTheirDefaults() throws IOException {
        String yaml = defaultYaml();
        Path file = dir.resolve("partial.yaml");
        Files.writeString(file, yaml.substring(0, yaml.indexOf("\nforecast:"))
                + "\nforecast:\n  safety_margin: PT45M\n"
                + "  priors: [{processor: PredictionCoordinator, p50: PT5M, p95: PT15M}]\n");

        PipelineConfig.Forecast f = PipelineLoader.load(file.toString()).config().forecast();
        assertThat(f.safetyMargin()).isEqualTo(Duration.ofMinutes(45));
        assertThat(f.confirmFor()).isEqualTo(PipelineConfig.Forecast.DEFAULTS.confirmFor());
        assertThat(f.priorOf("PredictionCoordinator"))
                .isEqualTo(new PipelineConfig.DurationPrior(Duration.ofMinutes(5), Duration.ofMinutes(15)));
        assertThat(f.priorOf("MLFeatureStoreProcessor")).isEqualTo(PipelineConfig.Forecast.DEFAULTS.prior());
    }

    @Test
    void invalidForecastSettingsAreRejectedNamingTheKey() throws IOException {
        assertRejected("safety_margin: PT30M", "safety_margin: -PT1M",
                "forecast.safety_margin: must be a duration of zero or more");
        assertRejected("evaluate_every: PT5M", "evaluate_every: PT0S",
                "forecast.evaluate_every: must be a positive duration");
        assertRejected("min_history_runs: 3", "min_history_runs: 30",
                "forecast.min_history_runs: must be within 1..history_runs (20)");
        assertRejected("prior: {p50: PT20M, p95: PT1H}", "prior: {p50: PT20M, p95: PT10M}",
                "forecast.prior.p95: must be a duration of at least p50");
        assertRejected("priors: []", "priors: [{processor: PredictionCoordinatr, p50: PT5M, p95: PT9M}]",
                "forecast.priors[0].processor: unknown processor 'PredictionCoordinatr'");
        assertRejected("at_risk_landing: 0.25", "at_risk_landing: 1.5",
                "forecast.at_risk_landing: must be within 0..1 (0: the expected landing, 1: the p95 landing), was 1.5");
        assertRejected("critical_below: PT0S", "critical_below: PT20M",
                "forecast.critical_below: must not be above at_risk_below");
        assertRejected("recover_above: PT15M", "recover_above: -PT5M",
                "forecast.recover_above: must not be below at_risk_below");
        assertRejected("confirm_for: PT10M", "confirm_for: soon", "forecast.confirm_for");
        assertRejected("confirm_for: PT10M", "confirm_for: PT10M\n  confirm_four: PT1M", "forecast.confirm_four");
    }

    private void assertRejected(String from, String to, String message) throws IOException {
        Path file = variant(from, to);
        assertThatThrownBy(() -> PipelineLoader.load(file.toString()))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining(message);
    }
}
