package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.scenario.Scenario;
import dev.rebound.scenario.ScenarioLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The speed a replay runs at: the one asked for, else the scenario's own, slower with several instances. */
class ScenarioSpeedTest {
    private static final Path CASCADE = ScenariosIT.REPO.resolve("scenarios/2026-01-23-cascade.yaml");

    @Test
    void oneInstanceRunsAtTheScenariosOwnSpeedAndSeveralAtMostTheMultiInstanceSpeed() {
        Scenario cascade = ScenarioLoader.load(CASCADE);
        assertThat(cascade.defaultSpeed()).isEqualTo(100.0);

        assertThat(ScenarioRun.speedOf(new ScenarioRun.Options(CASCADE, null, false, 1), cascade)).isEqualTo(100.0);
        assertThat(ScenarioRun.speedOf(new ScenarioRun.Options(CASCADE, null, false, 2), cascade))
                .isEqualTo(ScenarioRun.MULTI_INSTANCE_MAX_SPEED).isEqualTo(40.0);
    }

    @Test
    void aSpeedAskedForIsKeptAtAnyNumberOfInstances() {
        Scenario cascade = ScenarioLoader.load(CASCADE);

        assertThat(ScenarioRun.speedOf(new ScenarioRun.Options(CASCADE, 150.0, false, 2), cascade)).isEqualTo(150.0);
        assertThat(ScenarioRun.speedOf(new ScenarioRun.Options(CASCADE, 30.0, false, 1), cascade)).isEqualTo(30.0);
    }
}
