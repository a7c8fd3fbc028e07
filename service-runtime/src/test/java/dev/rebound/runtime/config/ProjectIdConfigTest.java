package dev.rebound.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a service's Pub/Sub project comes from, read through the runtime's own defaults file with Quarkus' ordinals
 * (the runtime's defaults 100, a service's properties 250, the environment 300) and its converters for durations and
 * memory sizes: never from a default in production.
 */
class ProjectIdConfigTest {
    private static final Map<String, String> SERVICE = Map.of("rebound.service.name", "probe-service",
            "rebound.store.schema", "probe_service");

    @Test
    void productionWithoutAProjectDoesNotStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> config("prod", Map.of()))
                .hasMessageContaining("rebound.pubsub.project-id")
                .hasMessageContaining("GOOGLE_CLOUD_PROJECT");
    }

    @Test
    void productionTakesTheProjectFromGoogleCloudProject() throws IOException {
        assertThat(config("prod", Map.of("GOOGLE_CLOUD_PROJECT", "nba-prod")).pubsub().projectId())
                .isEqualTo("nba-prod");
    }

    @Test
    void theStandardQuarkiverseKeyComesBeforeGoogleCloudProject() throws IOException {
        assertThat(config("prod", Map.of("GOOGLE_CLOUD_PROJECT", "ambient",
                "QUARKUS_GOOGLE_CLOUD_PROJECT_ID", "nba-prod")).pubsub().projectId()).isEqualTo("nba-prod");
    }

    @Test
    void theDeployManifestsExplicitProjectWins() throws IOException {
        assertThat(config("prod", Map.of("GOOGLE_CLOUD_PROJECT", "ambient",
                "REBOUND_PUBSUB_PROJECT_ID", "nba-prod")).pubsub().projectId()).isEqualTo("nba-prod");
    }

    @Test
    void locallyTheEmulatorProjectIsTheDefault() throws IOException {
        assertThat(config("local", Map.of()).pubsub().projectId()).isEqualTo("rebound-local");
        assertThat(config("test", Map.of("GOOGLE_CLOUD_PROJECT", "nba-prod")).pubsub().projectId())
                .isEqualTo("rebound-local");
    }

    private static ReboundConfig config(String profile, Map<String, String> environment) throws IOException {
        URL runtimeDefaults = ReboundConfig.class.getClassLoader()
                .getResource("META-INF/microprofile-config.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withValidateUnknown(false)
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(runtimeDefaults, 100))
                .withSources(new PropertiesConfigSource(SERVICE, "service application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withMapping(ReboundConfig.class)
                .build();
        return config.getConfigMapping(ReboundConfig.class);
    }
}
