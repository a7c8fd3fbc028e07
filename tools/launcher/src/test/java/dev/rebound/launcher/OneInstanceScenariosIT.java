package dev.rebound.launcher;

import dev.rebound.testing.RequiresPubSubEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario that {@link ScenariosIT} does not replay at two instances, replayed here at one instance of
 * each service on push delivery, as in production, at the scenario's own speed (its restarts, if any, skipped): the
 * same replay and verdict as there, in a class of its own so that with two failsafe forks ({@code it.forks}) one
 * replays these while the other replays those. The Jan 23 cascade, which ScenariosIT replays at two instances, is
 * also replayed at one, as the README's main command replays it, by {@link DemoScenarioIT}.
 */
@RequiresPubSubEmulator
class OneInstanceScenariosIT {

    static Stream<Path> replayedAtOneInstance() throws IOException {
        return ScenariosIT.scenarios(false);
    }

    @BeforeAll
    static void everyServiceIsPackaged() {
        ScenariosIT.everyServiceIsPackaged();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replayedAtOneInstance")
    void theVerdictIsPassExceptForTheNegativeControl(Path scenario) throws Exception {
        ScenariosIT.replayAndJudge(scenario);
    }
}
