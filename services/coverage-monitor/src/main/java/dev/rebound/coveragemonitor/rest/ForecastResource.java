package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.deadline.DeadlineWatch;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The deadline forecast now, per game date and game: expected and p95 landing of the last coverage phase against
 * each game's deadline, and the critical run. Read-only: the periodic evaluation alone decides and announces.
 */
@Path("/forecast")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class ForecastResource {
    private final DeadlineWatch watch;
    private final ScenarioClock clock;

    public ForecastResource(DeadlineWatch watch, ScenarioClock clock) {
        this.watch = watch;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The deadline forecast per game date and game",
            description = "Without date: the dates the forecast watches (yesterday, today and tomorrow while a game"
                    + " is ahead, and dates at risk). Margins are deadline minus landing in seconds (negative: late).")
    public List<ForecastView> forecast(@Parameter(description = "a game date, YYYY-MM-DD")
            @QueryParam("date") String date) {
        List<LocalDate> dates = date == null || date.isBlank() ? watch.watchedDates(clock.instant())
                : List.of(Dates.parse(date));
        return dates.stream().flatMap(d -> watch.view(d).stream())
                .map(f -> ForecastView.of(f, watch.forecastSettings())).toList();
    }
}
