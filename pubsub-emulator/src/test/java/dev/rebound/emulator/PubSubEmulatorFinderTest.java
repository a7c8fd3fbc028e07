package dev.rebound.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PubSubEmulatorFinderTest {
    @TempDir
    Path dir;

    private Path sdkWithJar(String version) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("sdk/platform/pubsub-emulator/lib"));
        return Files.createFile(lib.resolve("cloud-pubsub-emulator-" + version + ".jar"));
    }

    @Test
    void aJarVariableNamingNoFileFailsNamingTheVariableAndThePath() throws IOException {
        sdkWithJar("0.8.0");
        Path missing = dir.resolve("nowhere/cloud-pubsub-emulator.jar");
        PubSubEmulatorFinder finder = new PubSubEmulatorFinder(
                Map.of(PubSubEmulatorFinder.JAR_VARIABLE, missing.toString()), () -> List.of(dir.resolve("sdk")));

        assertThatThrownBy(finder::jar).isInstanceOf(EmulatorConfigurationException.class)
                .hasMessageContaining("PUBSUB_EMULATOR_JAR=" + missing);
        assertThatThrownBy(finder::unavailableReason).isInstanceOf(EmulatorConfigurationException.class);
    }

    @Test
    void aJarVariableNamingAFileIsUsed() throws IOException {
        Path jar = Files.createFile(dir.resolve("emulator.jar"));
        PubSubEmulatorFinder finder = new PubSubEmulatorFinder(
                Map.of(PubSubEmulatorFinder.JAR_VARIABLE, jar.toString()), List::of);

        assertThat(finder.jar()).contains(jar);
        assertThat(finder.unavailableReason()).isEmpty();
    }

    @Test
    void withoutTheVariableTheNewestJarOfTheFirstSdkThatHasOneIsFound() throws IOException {
        sdkWithJar("0.7.9");
        Path newest = sdkWithJar("0.8.1");
        PubSubEmulatorFinder finder = new PubSubEmulatorFinder(Map.of(),
                () -> List.of(dir.resolve("no-sdk-here"), dir.resolve("sdk")));

        assertThat(finder.jar()).contains(newest);
    }

    @Test
    void aMachineWithNothingGetsTheInstallHint() {
        PubSubEmulatorFinder finder = new PubSubEmulatorFinder(Map.of(), () -> List.of(dir));

        assertThat(finder.jar()).isEmpty();
        assertThat(finder.runningHost()).isEmpty();
        assertThat(finder.unavailableReason()).contains(PubSubEmulatorFinder.INSTALL_HINT);
    }

    @Test
    void aRunningEmulatorNeedsNoJar() {
        PubSubEmulatorFinder finder = new PubSubEmulatorFinder(
                Map.of(PubSubEmulatorFinder.HOST_VARIABLE, "localhost:8085"), () -> List.of(dir));

        assertThat(finder.runningHost()).contains("localhost:8085");
        assertThat(finder.unavailableReason()).isEmpty();
    }
}
