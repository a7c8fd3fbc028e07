package dev.rebound.pipelinesimulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Map;
import java.util.Optional;

/** The simulator's own settings ({@code rebound.simulator.*}). */
@ConfigMapping(prefix = "rebound.simulator")
public interface SimulatorConfig {

    /** The scenario file to play; without one the simulator only answers triggers with default behaviour. */
    Optional<String> scenario();

    /**
     * Base URL of each service whose periodic endpoints the simulated Cloud Scheduler calls; a comma-separated list
     * when the service runs as several instances (firings alternate between them).
     */
    Map<String, String> services();

    /** Write the scenario's start state (schedule, rosters) into the pipeline tables at startup. */
    @WithName("seed-tables")
    @WithDefault("true")
    boolean seedTables();

    /** How long one simulated Cloud Scheduler call may take (real time) before it is logged as failed. */
    @WithName("scheduler-timeout-ms")
    @WithDefault("5000")
    int schedulerTimeoutMs();
}
