package dev.rebound.coveragemonitor.history;

import dev.rebound.coveragemonitor.rest.Dates;
import dev.rebound.events.EventType;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * A date's coverage over time ({@code date=YYYY-MM-DD}, today by default) from the coverage reports, alerts and
 * repair plans in the event archive. Read-only and for the dashboard page, not guarded.
 */
@Path("/history/coverage")
@Produces(MediaType.APPLICATION_JSON)
public class CoverageHistoryResource {
    private static final Set<EventType> TYPES = Set.of(EventType.COVERAGE_REPORT, EventType.COVERAGE_GAP,
            EventType.COVERAGE_RESOLVED, EventType.BACKFILL_PLAN_CREATED, EventType.BACKFILL_PLAN_COMPLETED,
            EventType.BACKFILL_PLAN_ABANDONED);

    private final EventArchive archive;
    private final Topology topology;
    private final HistorySettings settings;
    private final ScenarioClock clock;

    public CoverageHistoryResource(EventArchive archive, Topology topology, HistorySettings settings,
            ScenarioClock clock) {
        this.archive = archive;
        this.topology = topology;
        this.settings = settings;
        this.clock = clock;
    }

    @GET
    public CoverageHistory coverage(@QueryParam("date") String date) {
        LocalDate day = Dates.parseOrToday(date, clock);
        Instant since = Instant.now().minus(settings.archiveWindow());
        return CoverageHistory.of(day, archive.ofTypesPublishedSince(since, TYPES).events(),
                topology.config().coverage().alertBeforeFirstTipoff(), clock.instant());
    }
}
