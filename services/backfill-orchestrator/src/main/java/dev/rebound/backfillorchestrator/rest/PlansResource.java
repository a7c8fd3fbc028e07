package dev.rebound.backfillorchestrator.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.backfillorchestrator.RepairPlan;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Manual repair ("recover date D from processor P") and watching plans. */
@Path("/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlansResource {
    private final RepairEngine engine;
    private final OperatorAuthenticator auth;

    public PlansResource(RepairEngine engine, OperatorAuthenticator auth) {
        this.engine = engine;
        this.auth = auth;
    }

    public record ManualRepair(String processor, @JsonProperty("data_date") String dataDate) {
    }

    @POST
    public Response request(ManualRepair body, @HeaderParam("Authorization") String authorization) {
        auth.require(authorization);
        if (body == null || body.processor() == null || body.processor().isBlank() || body.dataDate() == null) {
            return error("body must be {\"processor\": ..., \"data_date\": \"YYYY-MM-DD\"}");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(body.dataDate());
        } catch (DateTimeParseException e) {
            return error("data_date '" + body.dataDate() + "' is not a YYYY-MM-DD date");
        }
        try {
            RepairPlan plan = engine.requestManual(new RunKey(body.processor(), date), "operator");
            return Response.status(Response.Status.CREATED).entity(PlanView.of(plan)).build();
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    /** Active plans (open, or with degraded steps awaiting follow-up) and the most recent ones from the store. */
    @GET
    public Map<String, Object> list(@QueryParam("limit") Integer limit,
            @HeaderParam("Authorization") String authorization) {
        auth.require(authorization);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", engine.activePlans().stream().map(PlanView::of).toList());
        out.put("steps_in_flight", engine.stepsInFlight());
        List<PlanView> recent = engine.recentPlans(limit == null ? 50 : Math.min(limit, 500)).stream()
                .map(PlanView::of).toList();
        out.put("recent", recent);
        return out;
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        auth.require(authorization);
        return engine.plan(id).map(p -> Response.ok(PlanView.of(p)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "no plan " + id)).build());
    }

    /** Stops a plan by hand: open steps are cancelled and nothing more is triggered for it. */
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        auth.require(authorization);
        var cancelled = engine.cancel(id, "operator");
        return cancelled.map(p -> Response.ok(PlanView.of(p)).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                        .entity(Map.of("error", "no active plan " + id)).build());
    }

    private static Response error(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", message)).build();
    }
}
