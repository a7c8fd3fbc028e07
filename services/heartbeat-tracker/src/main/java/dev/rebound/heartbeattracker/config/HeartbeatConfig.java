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

    /**
     * The heartbeat canary: each sweep (at most once per {@link #sweepEvery()} per instance) publishes one onto the
     * heartbeat topic, and the sweep judges silence only up to the newest canary delivered back plus
     * {@link Canary#maxDelay()} and one sweep period. While canaries come back on time that is "now"; while the
     * subscription, this instance or its store is stalled it is the last moment the stream is known to have
     * delivered, so the stall is not mistaken for N hung runs.
     */
    Canary canary();

    interface Canary {
        /** Off only where nothing delivers the heartbeat topic back to this service (verdicts then judge up to now). */
        @WithDefault("true")
        boolean enabled();

        /**
         * How late a canary may come back, beyond one sweep period, before silence stops being judged up to now:
         * above Pub/Sub's ordinary push latency and the store's commit time, well below any stuck threshold.
         */
        @WithName("max-delay")
        @WithDefault("PT30S")
        Duration maxDelay();
    }

    /** How many recent completed runs per processor the p50/p95 durations of /processors/health are taken over. */
    @WithName("health-window-runs")
    @WithDefault("50")
    int healthWindowRuns();

    /** Most rows GET /runs returns (newest first). */
    @WithName("max-listed-runs")
    @WithDefault("1000")
    int maxListedRuns();
}
