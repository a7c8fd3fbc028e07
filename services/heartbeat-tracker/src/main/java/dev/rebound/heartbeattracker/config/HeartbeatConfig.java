package dev.rebound.heartbeattracker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** heartbeat-tracker's own settings ({@code rebound.heartbeat.*}); durations are in scenario-clock time. */
@ConfigMapping(prefix = "rebound.heartbeat")
public interface HeartbeatConfig {

    /** How often the internal timer sweeps for silent runs: the bound on detection latency after a threshold. */
    @WithName("sweep-every")
    @WithDefault("PT10S")
    Duration sweepEvery();

    /** Turns the internal timer off (Cloud Scheduler's POST /tasks/sweep alone then drives detection). */
    @WithName("sweep-timer-enabled")
    @WithDefault("true")
    boolean sweepTimerEnabled();

    /**
     * After an instance starts, and after the state store answers again following an outage, how long it declares
     * nothing stuck: heartbeats sent meanwhile wait in Pub/Sub's backlog and arrive with push back-off, and must not
     * be mistaken for silence.
     */
    @WithName("restart-grace")
    @WithDefault("PT1M")
    Duration restartGrace();

    /** How many recent completed runs per processor the p50/p95 durations of /processors/health are taken over. */
    @WithName("health-window-runs")
    @WithDefault("50")
    int healthWindowRuns();

    /** Most rows GET /runs returns (newest first). */
    @WithName("max-listed-runs")
    @WithDefault("1000")
    int maxListedRuns();
}
