package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.backfillorchestrator.RepairPlan;
import dev.rebound.runtime.http.Guarded;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Manual repair ("recover date D from processor P") and watching plans. */
@Path("/plans")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class PlansResource {
    private static final int MAX_RECENT = 500;

    private final RepairEngine engine;

    public PlansResource(RepairEngine engine) {
        this.engine = engine;
    }

    public record ManualRepair(String processor, String dataDate) {
    }

    /** Opens a plan that re-runs the processor for the date and everything downstream (or returns the open one). */
    @POST
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "The plan: a new one, or the one already open for the run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanView.class)))
    public PlanView request(ManualRepair body) {
        if (body == null || body.processor() == null || body.processor().isBlank() || body.dataDate() == null) {
            throw new BadRequestException("body must be {\"processor\": ..., \"data_date\": \"YYYY-MM-DD\"}");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(body.dataDate());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("data_date '" + body.dataDate() + "' is not a YYYY-MM-DD date");
        }
        try {
            RepairPlan plan = engine.requestManual(new RunKey(body.processor(), date), "operator");
            return PlanView.of(plan);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** Active plans (open, or with degraded steps awaiting follow-up) and the most recent ones from the store. */
    @GET
    public PlanView.PlanList list(@QueryParam("limit") Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_RECENT)) {
            throw new BadRequestException("limit must be between 1 and " + MAX_RECENT);
        }
        return new PlanView.PlanList(engine.activePlans().stream().map(PlanView::of).toList(), engine.stepsInFlight(),
                engine.recentPlans(limit == null ? 50 : limit).stream().map(PlanView::of).toList());
    }

    @GET
    @Path("/{id}")
    public PlanView get(@PathParam("id") String id) {
        return engine.plan(id).map(PlanView::of)
                .orElseThrow(() -> new NotFoundException("no plan " + id));
    }

    /** Stops a plan by hand: open steps are cancelled and nothing more is triggered for it. */
    @POST
    @Path("/{id}/cancel")
    public PlanView cancel(@PathParam("id") String id) {
        return engine.cancel(id, "operator").map(PlanView::of)
                .orElseThrow(() -> new NotFoundException("no active plan " + id));
    }
}
