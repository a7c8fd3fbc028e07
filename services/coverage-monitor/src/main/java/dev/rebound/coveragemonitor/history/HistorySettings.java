package dev.rebound.coveragemonitor.history;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the history views read what coverage-monitor does not keep itself. */
@ConfigMapping(prefix = "rebound.history")
public interface HistorySettings {

    /** The event archive every topic's {@code <topic>--archive} subscription writes (read through the warehouse). */
    @WithDefault("rebound_events.events")
    String archiveTable();

    /**
     * How far back the run history and coverage over time read the archive, in real time (as Pub/Sub stamps publish
     * times): this bounds what BigQuery scans, the archive being partitioned by publish day.
     */
    @WithDefault("P14D")
    java.time.Duration archiveWindow();

    /** How many runs per processor the run history shows. */
    @WithDefault("20")
    int runsPerProcessor();
}
