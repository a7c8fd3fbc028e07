package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.incident.Incident;
import dev.rebound.coveragemonitor.store.IncidentStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Incidents with their alerts inside: every open incident, and those changed since {@code since} (an RFC 3339
 * instant or an ISO-8601 duration back from now; default PT24H). Incident times are the pipeline's (scenario
 * clock), so "now" is that clock.
 */
@Path("/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class IncidentsResource {
    static final Duration DEFAULT_SINCE = Duration.ofHours(24);

    private final IncidentStore incidents;
    private final ScenarioClock clock;

    public IncidentsResource(IncidentStore incidents, ScenarioClock clock) {
        this.incidents = incidents;
        this.clock = clock;
    }

    @GET
    public List<Incident> list(@QueryParam("since") String since) {
        return incidents.openOrChangedSince(since(since));
    }

    private Instant since(String value) {
        if (value == null || value.isBlank()) {
            return clock.instant().minus(DEFAULT_SINCE);
        }
        try {
            return value.startsWith("P") || value.startsWith("p")
                    ? clock.instant().minus(Duration.parse(value)) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("since must be an RFC 3339 instant or an ISO-8601 duration such as PT2H,"
                    + " was '" + value + "'");
        }
    }
}
