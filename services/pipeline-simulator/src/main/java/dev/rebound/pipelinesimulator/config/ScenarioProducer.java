package dev.rebound.pipelinesimulator.config;

import dev.rebound.scenario.Scenario;
import dev.rebound.scenario.ScenarioLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Optional;

/** The scenario being played, loaded and validated once at startup (a bad file fails startup with its field). */
@ApplicationScoped
public class ScenarioProducer {

    @Produces
    @jakarta.inject.Singleton
    LoadedScenario scenario(SimulatorConfig config) {
        Optional<Scenario> scenario = config.scenario().filter(s -> !s.isBlank())
                .map(s -> ScenarioLoader.load(Path.of(s)));
        return new LoadedScenario(scenario);
    }

    /** Holder so that "no scenario" is a valid, injectable state. */
    public record LoadedScenario(Optional<Scenario> scenario) {
    }
}
