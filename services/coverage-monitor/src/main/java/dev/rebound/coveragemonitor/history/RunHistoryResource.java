package dev.rebound.coveragemonitor.history;

import dev.rebound.events.EventType;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Set;

/**
 * Every processor's recent runs (durations, failures, stuck verdicts) from the event archive, for the run history
 * strip. Read-only and for the dashboard page, not guarded.
 */
@Path("/history/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunHistoryResource {
    private static final Set<EventType> RUN_EVENTS = Set.of(EventType.PROCESSOR_STARTED, EventType.PROCESSOR_STUCK,
            EventType.PROCESSOR_FAILED, EventType.PROCESSOR_COMPLETED);
    private final Topology topology;
    private final EventArchive archive;
    private final HistorySettings settings;
    private final ScenarioClock clock;

    public RunHistoryResource(Topology topology, EventArchive archive, HistorySettings settings, ScenarioClock clock) {
        this.topology = topology;
        this.archive = archive;
        this.settings = settings;
        this.clock = clock;
    }

    @GET
    public RunHistory runs() {
        // the archive's publish times are Pub/Sub's real time, whatever the services' scenario clock says
        Instant since = Instant.now().minus(settings.archiveWindow());
        return RunHistory.of(topology, archive.ofTypesPublishedSince(since, RUN_EVENTS).events(),
                settings.runsPerProcessor(), clock.instant());
    }
}
