package dev.rebound.rosterwatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * roster-watcher's own settings. What is pipeline-specific (scrapers, roster table, teams, thresholds, the
 * freshness check period) lives in the topology configuration; these are the service's operating numbers.
 */
@ConfigMapping(prefix = "rebound.roster")
public interface RosterWatcherConfig {

    Bridge bridge();

    Freshness freshness();

    /** Run the internal timers (flush, input check, freshness); Cloud Scheduler's calls work either way. */
    @WithName("timers-enabled")
    @WithDefault("true")
    boolean timersEnabled();

    interface Bridge {
        /** How often (sim time) pending objects are checked against their scraper's batch window. */
        @WithName("flush-every")
        @WithDefault("PT10S")
        Duration flushEvery();

        /** How often (sim time) the service itself looks for scraper files that did not arrive by expected_by. */
        @WithName("input-check-every")
        @WithDefault("PT15M")
        Duration inputCheckEvery();

        /** Data dates checked for missing scraper files: today and this many days before. */
        @WithName("lookback-days")
        @WithDefault("1")
        int lookbackDays();

        /** When missing-input verdicts wait for notifications still on their way (NotificationBacklog). */
        Delivery delivery();
    }

    interface Delivery {
        /**
         * A notification delivered later than this after Pub/Sub accepted it (sim time) means a backlog is
         * draining: missing-input verdicts wait as long again as it was late.
         */
        @WithName("max-delay")
        @WithDefault("PT1M")
        Duration maxDelay();

        /**
         * The longest one late notification holds verdicts, and how long an instance's own verdicts wait after it
         * starts (sim time): the push subscription's maximum retry backoff, within which a queued notification is
         * redelivered. PT0S turns both holds off.
         */
        @WithName("backlog-hold")
        @WithDefault("PT10M")
        Duration backlogHold();
    }

    interface Freshness {
        /** Roster rows older than this many days are not read (the seed's 90-day window; keeps scans cheap). */
        @WithName("lookback-days")
        @WithDefault("90")
        int lookbackDays();
    }
}
