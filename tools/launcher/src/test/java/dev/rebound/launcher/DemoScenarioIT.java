package dev.rebound.launcher;

import dev.rebound.testing.RequiresPubSubEmulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, {@code ./rebound demo}: its scenario (the Jan 23 cascade, which {@link ScenariosIT}
 * replays at two instances) at one instance of each service, push delivery, the scenario's own speed, its restarts
 * skipped — the same replay and verdict as the others. A class of its own so that the failsafe fork that finishes
 * the two-instance replays first takes it while the other replays {@link OneInstanceScenariosIT}'s.
 */
@RequiresPubSubEmulator
class DemoScenarioIT {

    @BeforeAll
    static void everyServiceIsPackaged() {
        ScenariosIT.everyServiceIsPackaged();
    }

    @Test
    void theDemoReplaysTheCascadeAtOneInstance() throws Exception {
        ScenariosIT.replayAndJudge(ScenariosIT.layout().defaultScenario(), null);
    }
}
