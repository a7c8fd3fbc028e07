package dev.rebound.runtime.clock;

import dev.rebound.runtime.config.ReboundConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Instant;

@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    ScenarioClock clock(ReboundConfig config) {
        ReboundConfig.Clock c = config.clock();
        if (c.mode() == ReboundConfig.ClockMode.system) {
            return ScenarioClock.system();
        }
        Instant start = c.start().orElseThrow(() -> new ConfigurationException(
                "rebound.clock.start is required when rebound.clock.mode=scenario"));
        if (!(c.speed() > 0)) {
            throw new ConfigurationException("rebound.clock.speed must be positive, was " + c.speed());
        }
        if (c.anchorFile().isPresent()) {
            Instant tentative = c.anchor().orElseThrow(() -> new ConfigurationException(
                    "rebound.clock.anchor (the tentative anchor) is required with rebound.clock.anchor-file"));
            return ScenarioClock.anchoredLater(Clock.systemUTC(), start, tentative,
                    new AnchorFile(c.anchorFile().get()), c.speed());
        }
        return ScenarioClock.scenario(start, c.anchor().orElse(Instant.now()), c.speed());
    }
}
