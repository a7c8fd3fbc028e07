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
}
