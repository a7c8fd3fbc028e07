package dev.rebound.heartbeattracker.rest;

import dev.rebound.heartbeattracker.StuckRunDetector;
import dev.rebound.heartbeattracker.SweepReport;
import dev.rebound.runtime.http.Caller;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The periodic endpoint Cloud Scheduler calls (scheduler-jobs.json: heartbeat-tracker-sweep). */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Guarded(Caller.SCHEDULER)
public class TasksResource {
    private final StuckRunDetector detector;

    public TasksResource(StuckRunDetector detector) {
        this.detector = detector;
    }

    /** The stuck-run sweep; the service's own timer runs it too, this is the backstop when an instance is idle. */
    @POST
    @Path("/sweep")
    public SweepReport sweep() {
        return detector.sweep();
    }
}
