package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another scenario's expectations are judged against a replay only when both play the same world. */
class AlsoJudgeTest {
    private static final Path SCENARIOS = ScenariosIT.REPO.resolve("scenarios");

    @Test
    void theNegativeControlPlaysTheCleanDaysWorldAndTheCrashLoopDoesNot() {
        var cleanDay = ScenarioLoader.load(SCENARIOS.resolve("clean-day.yaml"));
        var negative = ScenarioLoader.load(SCENARIOS.resolve("negative-control-impossible.yaml"));
        var crashLoop = ScenarioLoader.load(SCENARIOS.resolve("crash-loop.yaml"));

        assertThat(ScenarioRun.world(negative)).isEqualTo(ScenarioRun.world(cleanDay));
        assertThat(negative.expectations()).isNotEqualTo(cleanDay.expectations());
        assertThat(ScenarioRun.world(crashLoop)).isNotEqualTo(ScenarioRun.world(cleanDay));
    }

    @Test
    void aScenarioOfAnotherWorldIsRefusedBeforeAnythingStarts(@TempDir Path runDir) {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        ScenarioRun run = new ScenarioRun(new MeshLayout(ScenariosIT.REPO, runDir),
                new PrintStream(transcript, true));

        assertThatThrownBy(() -> run.run(new ScenarioRun.Options(SCENARIOS.resolve("clean-day.yaml"), null, false, 1,
                List.of(SCENARIOS.resolve("crash-loop.yaml")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crash-loop.yaml").hasMessageContaining("its world differs");
        assertThat(transcript.toString()).as("nothing started").isEmpty();
        assertThat(new ManagedProcesses(new MeshLayout(ScenariosIT.REPO, runDir).pids()).entries()).isEmpty();
    }
}
