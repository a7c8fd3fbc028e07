package dev.rebound.heartbeattracker.rest;

import dev.rebound.heartbeattracker.StuckRunDetector;
import dev.rebound.heartbeattracker.SweepReport;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The periodic endpoint Cloud Scheduler calls (scheduler-jobs.json: heartbeat-tracker-sweep). */
@Path("/tasks/sweep")
public class SweepResource {
    private final StuckRunDetector detector;

    public SweepResource(StuckRunDetector detector) {
        this.detector = detector;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public SweepReport sweep() {
        return detector.sweep();
    }
}
