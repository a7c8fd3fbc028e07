package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.testing.PackagedService;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.TestPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** Runs the packaged service with these settings until it exits; returns what it wrote. */
    private String runUntilItExits(Map<String, String> settings) throws Exception {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("quarkus.datasource.jdbc.url", TestPostgres.freshDatabase("invalid_settings"));
        properties.put("rebound.pubsub.emulator-host", "127.0.0.1:1");
        try (PackagedService service = PackagedService.of(PubSubEmulator.freePort(), dir.resolve("service.log"),
                properties)) {
            service.start();
            assertThat(service.process().waitFor(90, TimeUnit.SECONDS)).as("the service exits").isTrue();
            assertThat(service.process().exitValue()).isNotZero();
            return service.output();
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
        assertThat(runUntilItExits(Map.of("rebound.pipeline.file", pipeline.toString())))
                .contains(named).contains(pipeline.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rebound.events.max-future-skew|-PT1M|rebound.events.max-future-skew must be zero or a positive duration",
        "rebound.push.handler-attempts|0|rebound.push.handler-attempts must be at least 1"})
    void anInvalidInboundSettingIsRefusedNamingTheKey(String key, String value, String named) throws Exception {
        assertThat(runUntilItExits(Map.of(key, value))).contains(named);
    }

    @Test
    void anUnreadableEngineSettingIsRefusedNamingTheKey() throws Exception {
        assertThat(runUntilItExits(Map.of("rebound.backfill.stall-after", "an-hour")))
                .contains("rebound.backfill.stall-after").contains("an-hour");
    }
}
