package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.backfillorchestrator.SweepResult;
import dev.rebound.runtime.push.PushAuthenticator;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Cloud Scheduler's backstop for the internal sweep timer (OIDC-verified like pushes in production). */
@Path("/tasks/sweep")
@Produces(MediaType.APPLICATION_JSON)
public class SweepTask {
    private final RepairEngine engine;
    private final PushAuthenticator auth;

    public SweepTask(RepairEngine engine, PushAuthenticator auth) {
        this.engine = engine;
        this.auth = auth;
    }

    @POST
    public Response sweep(@HeaderParam("Authorization") String authorization) {
        var refused = auth.refuse(authorization);
        if (refused.isPresent()) {
            return Response.status(Response.Status.UNAUTHORIZED).entity(Map.of("error", refused.get())).build();
        }
        SweepResult result = engine.sweep();
        return Response.ok(Map.of("dates_checked", result.datesChecked(), "plans_opened", result.plansOpened(),
                "follow_ups", result.followUps(), "open_plans", result.openPlans(),
                "steps_in_flight", result.stepsInFlight())).build();
    }
}
