package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.testing.PubSubEmulator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The packaged service refuses to start on an invalid topology or setting and says what is wrong with it. */
class InvalidTopologyIT {
    @TempDir
    Path dir;

    private static String defaultYaml() throws Exception {
        try (InputStream in = InvalidTopologyIT.class.getClassLoader()
                .getResourceAsStream("rebound/pipelines/nba-player-props.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "- {from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 0.9}|- {from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 0.9}\\n  - {from: PredictionCoordinator, to: PlayerGameSummaryProcessor, min_coverage: 0.9}|cycle",
        "- {from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 0.9}|- {from: MLFeatureStoreProcessor, to: NoSuchProcessor, min_coverage: 0.9}|NoSuchProcessor",
        "- {from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 0.9}|- {from: MLFeatureStoreProcessor, to: PredictionCoordinator, min_coverage: 1.5}|min_coverage"})
    void theServiceDoesNotStartAndNamesTheProblem(String from, String to, String named) throws Exception {
        String yaml = defaultYaml();
        assertThat(yaml).contains(from);
        Path pipeline = dir.resolve("pipeline.yaml");
        Files.writeString(pipeline, yaml.replace(from, to.replace("\\n", "\n")));
        try (ServiceProcess service = new ServiceProcess(PubSubEmulator.freePort(), dir.resolve("service.log"),
                List.of("-Drebound.pipeline.file=" + pipeline, "-Drebound.h2.path=" + dir.resolve("h2/db"),
                        "-Drebound.pubsub.emulator-host=127.0.0.1:1"))) {
            service.start();
            assertThat(service.process().waitFor(90, TimeUnit.SECONDS)).as("the service exits").isTrue();
            assertThat(service.process().exitValue()).isNotZero();
            assertThat(service.output()).contains(named).contains(pipeline.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rebound.events.max-future-skew=-PT1M|rebound.events.max-future-skew must be zero or a positive duration",
        "rebound.push.handler-attempts=0|rebound.push.handler-attempts must be at least 1"})
    void anInvalidInboundSettingIsRefusedNamingTheKey(String setting, String named) throws Exception {
        try (ServiceProcess service = new ServiceProcess(PubSubEmulator.freePort(), dir.resolve("service.log"),
                List.of("-D" + setting, "-Drebound.h2.path=" + dir.resolve("h2/db"),
                        "-Drebound.pubsub.emulator-host=127.0.0.1:1"))) {
            service.start();
            assertThat(service.process().waitFor(90, TimeUnit.SECONDS)).as("the service exits").isTrue();
            assertThat(service.process().exitValue()).isNotZero();
            assertThat(service.output()).contains(named);
        }
    }

    @Test
    void aNegativeGroupCommitSizeIsRefusedNamingTheKey() throws Exception {
        try (ServiceProcess service = new ServiceProcess(PubSubEmulator.freePort(), dir.resolve("service.log"),
                List.of("-Drebound.warehouse.group-commit=-1", "-Drebound.h2.path=" + dir.resolve("h2/db"),
                        "-Drebound.pubsub.emulator-host=127.0.0.1:1"))) {
            service.start();
            assertThat(service.process().waitFor(90, TimeUnit.SECONDS)).as("the service exits").isTrue();
            assertThat(service.process().exitValue()).isNotZero();
            assertThat(service.output()).contains("rebound.warehouse.group-commit must be 0 (off) or a positive number");
        }
    }
}
