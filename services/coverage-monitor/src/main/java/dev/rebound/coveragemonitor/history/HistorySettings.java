package dev.rebound.coveragemonitor.history;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the history views read what coverage-monitor does not keep itself. */
@ConfigMapping(prefix = "rebound.history")
public interface HistorySettings {

    /** The event archive every topic's {@code <topic>--archive} subscription writes (read through the warehouse). */
    @WithDefault("rebound_events.events")
    String archiveTable();

    /** How far back (in real time, as Pub/Sub stamps publish times) the run history reads the archive. */
    @WithDefault("P14D")
    java.time.Duration runsWindow();

    /** How many runs per processor the run history shows. */
    @WithDefault("20")
    int runsPerProcessor();
}
