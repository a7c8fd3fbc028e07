package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.backfillorchestrator.SweepResult;
import dev.rebound.runtime.http.Caller;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The periodic endpoint Cloud Scheduler calls (scheduler-jobs.json): the backstop for the internal sweep timer. */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Guarded(Caller.SCHEDULER)
public class TasksResource {
    private final RepairEngine engine;

    public TasksResource(RepairEngine engine) {
        this.engine = engine;
    }

    /** Missing runs, stalled plans and degraded steps to follow up. */
    @POST
    @Path("/sweep")
    public SweepResult sweep() {
        return engine.sweep();
    }
}
