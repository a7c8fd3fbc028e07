package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.runtime.clock.ScenarioClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./rebound up --no-simulator} runs the mesh on the wall clock: processors outside it stamp real times. */
class WallClockTest {
    @TempDir
    Path dir;

    @Test
    void theWallClockSettingsGiveRealTimeInEveryProcess() {
        Mesh.ClockSettings settings = Mesh.ClockSettings.wallClock();
        ScenarioClock clock = ScenarioClock.scenario(settings.start(), settings.anchor(), settings.speed());

        assertThat(settings.anchor()).as("no offset between start and anchor").isEqualTo(settings.start());
        assertThat(clock.isScenario()).isFalse();
        assertThat(Duration.between(Instant.now(), clock.instant()).abs()).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void withoutTheSimulatorThereIsNoScenarioAndNoSpeed() {
        for (String[] args : new String[][] {{"up", "--no-simulator", "--speed", "60"},
                {"up", "--no-simulator", "--scenario", "scenarios/2026-01-23-cascade.yaml"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = new Launcher(new MeshLayout(dir, dir.resolve(".rebound")),
                    new PrintStream(out, true, StandardCharsets.UTF_8)).run(args);

            assertThat(code).isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("--no-simulator runs on the wall clock");
        }
    }
}
