package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.DailySummaryPublisher;
import dev.rebound.events.internal.DailyHealthSummary;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;

/**
 * A published daily health summary: HTML for a person, JSON with {@code Accept: application/json} — the event's
 * own fields, so a notifier can use either. Read-only and for people like the dashboard: reached the same way.
 */
@Path("/summary/{date}")
public class SummaryResource {
    private final DailySummaryPublisher summaries;

    public SummaryResource(DailySummaryPublisher summaries) {
        this.summaries = summaries;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DailyHealthSummary json(@PathParam("date") String date) {
        LocalDate day = Dates.parse(date);
        return summaries.stored(day).orElseThrow(() -> new NotFoundException(notPublished(day)));
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response html(@PathParam("date") String date) {
        LocalDate day = Dates.parse(date);
        return summaries.stored(day).map(s -> Response.ok(SummaryPage.render(s)).build())
                .orElseGet(() -> Response.status(404).entity(SummaryPage.missing(notPublished(day))).build());
    }

    private static String notPublished(LocalDate day) {
        return "No daily summary published for " + day + " yet (POST /tasks/daily-summary?date=" + day + ")";
    }
}
