package dev.rebound.coveragemonitor.history;

import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * An incident's timeline from the event archive, by {@code correlation_id} (as alerts carry it) or by
 * {@code plan_id} (a repair plan seen on backfill-events; its correlation id is the incident's). Read-only and for
 * the dashboard page, so not guarded, like {@code /dashboard/state}.
 */
@Path("/history/timeline")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {
    private final EventArchive archive;
    private final StateStore store;

    public TimelineResource(EventArchive archive, StateStore store) {
        this.archive = archive;
        this.store = store;
    }

    @GET
    public IncidentTimeline timeline(@QueryParam("correlation_id") String correlationId,
            @QueryParam("plan_id") String planId, @QueryParam("game_id") String gameId) {
        boolean byCorrelation = correlationId != null && !correlationId.isBlank();
        boolean byPlan = planId != null && !planId.isBlank();
        if (byCorrelation == byPlan) {
            throw new BadRequestException("give exactly one of correlation_id or plan_id");
        }
        String id = byCorrelation ? correlationId : correlationOfPlan(planId);
        IncidentTimeline timeline = IncidentTimeline.of(id, blankToNull(gameId), archive.withCorrelation(id));
        if (timeline.entries().isEmpty()) {
            throw new NotFoundException("No archived events with correlation_id " + id
                    + (gameId == null ? "" : " for game " + gameId));
        }
        return timeline;
    }

    private String correlationOfPlan(String planId) {
        var rows = store.query(Sql.of("SELECT correlation_id FROM coverage_plans WHERE plan_id = @p")
                .bind("p", planId));
        if (rows.isEmpty()) {
            throw new NotFoundException("No repair plan " + planId);
        }
        String correlationId = rows.get(0).getString("correlation_id");
        if (correlationId == null) {
            throw new NotFoundException("Repair plan " + planId + " carries no correlation_id, so it has no timeline");
        }
        return correlationId;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
