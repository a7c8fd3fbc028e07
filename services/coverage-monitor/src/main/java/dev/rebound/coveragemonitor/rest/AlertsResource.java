package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.GapState;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Coverage gap alerts: {@code state=open} (open or escalated, the default), escalated, resolved, missed, all. */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class AlertsResource {
    private final GapAlertStore gaps;
    private final ScenarioClock clock;

    public AlertsResource(GapAlertStore gaps, ScenarioClock clock) {
        this.gaps = gaps;
        this.clock = clock;
    }

    @GET
    public List<DashboardState.AlertView> alerts(@QueryParam("state") String state) {
        Instant now = clock.instant();
        String wanted = state == null || state.isBlank() ? "open" : state.toLowerCase(Locale.ROOT);
        var list = switch (wanted) {
            case "open" -> gaps.active();
            case "all" -> gaps.all();
            case "escalated", "resolved", "missed" -> gaps.inState(GapState.valueOf(wanted.toUpperCase(Locale.ROOT)));
            default -> throw new BadRequestException("state must be open, escalated, resolved, missed or all; was '"
                    + state + "'");
        };
        return list.stream().map(a -> DashboardState.AlertView.of(a, now)).toList();
    }
}
