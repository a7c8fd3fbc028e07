package dev.rebound.coveragemonitor.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rebound.coveragemonitor.DailySummaryPublisher;
import dev.rebound.events.codec.Json;
import dev.rebound.events.internal.DailyHealthSummary;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Map;

/** A published daily health summary: HTML for a person, JSON with {@code Accept: application/json}. */
@Path("/summary/{date}")
public class SummaryResource {
    private final DailySummaryPublisher summaries;

    public SummaryResource(DailySummaryPublisher summaries) {
        this.summaries = summaries;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(@PathParam("date") String date) {
        LocalDate day = Dates.parse(date);
        return summaries.stored(day).map(s -> Response.ok(eventJson(s)).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", notPublished(day))).build());
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response html(@PathParam("date") String date) {
        LocalDate day = Dates.parse(date);
        return summaries.stored(day).map(s -> Response.ok(SummaryPage.render(s)).build())
                .orElseGet(() -> Response.status(404).entity(SummaryPage.missing(notPublished(day))).build());
    }

    /** The summary exactly as the event carries it (snake_case), so a notifier can use either. */
    private static String eventJson(DailyHealthSummary summary) {
        try {
            return Json.mapper().writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String notPublished(LocalDate day) {
        return "No daily summary published for " + day + " yet (POST /tasks/daily-summary?date=" + day + ")";
    }
}
