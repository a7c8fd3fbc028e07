package dev.rebound.backfillorchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * The orchestrator's own settings ({@code rebound.backfill.*}). Attempt cap, backoff, trigger limit and sweep
 * period are the topology's {@code repair} section; these are the engine's timings and replay.
 */
@ConfigMapping(prefix = "rebound.backfill")
public interface BackfillConfig {

    /** How often (sim time) open plans are moved forward: due backoffs, stalled triggers. */
    @WithName("tick-every")
    @WithDefault("PT30S")
    Duration tickEvery();

    /** Run the sweep on an internal timer every repair.sweep_every as well as on POST /tasks/sweep. */
    @WithName("sweep-timer")
    @WithDefault("true")
    boolean sweepTimer();

    /** A triggered run with neither completion nor failure by then counts as a failed attempt (lost trigger). */
    @WithName("stall-after")
    @WithDefault("PT1H")
    Duration stallAfter();

    /** How long a completed upstream with a coverage phase waits for its report before it counts as complete. */
    @WithName("coverage-wait")
    @WithDefault("PT15M")
    Duration coverageWait();

    /** An open plan older than this is abandoned (and alerted) by the next tick. */
    @WithName("plan-ttl")
    @WithDefault("P2D")
    Duration planTtl();

    /**
     * An open plan that has not moved for this long (no trigger, no finished step: it waits for something that does
     * not come) closes with its reason, without an alert. Positive, at most {@code plan-ttl}.
     */
    @WithName("idle-plan-ttl")
    @WithDefault("PT6H")
    Duration idlePlanTtl();

    /** How many days back the sweep looks for runs that should exist. */
    @WithName("sweep-lookback-days")
    @WithDefault("3")
    int sweepLookbackDays();

    /**
     * For this long (sim time) after an instance starts, its sweeps judge no run missing: completions queued while no
     * instance ran may still be on their way. Set it to the subscriptions' maximum retry backoff; zero: no hold.
     */
    @WithName("start-hold")
    @WithDefault("PT10M")
    Duration startHold();

    Replay replay();

    interface Replay {
        /** The event archive (Pub/Sub BigQuery subscriptions write it in production). */
        @WithName("archive-table")
        @WithDefault("rebound_events.events")
        String archiveTable();

        /** The most archived messages one republish request may send. */
        @WithName("max-messages")
        @WithDefault("50000")
        int maxMessages();
    }
}
