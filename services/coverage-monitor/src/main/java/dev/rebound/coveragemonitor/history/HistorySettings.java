package dev.rebound.coveragemonitor.history;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the history views read what coverage-monitor does not keep itself. */
@ConfigMapping(prefix = "rebound.history")
public interface HistorySettings {

    /** The event archive every topic's {@code <topic>--archive} subscription writes (read through the warehouse). */
    @WithDefault("rebound_events.events")
    String archiveTable();

    /** How many runs per processor the run history shows. */
    @WithDefault("20")
    int runsPerProcessor();
}
