package dev.rebound.heartbeattracker.rest;

import dev.rebound.heartbeattracker.RunState;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.heartbeattracker.config.HeartbeatConfig;
import dev.rebound.heartbeattracker.store.RunStore;
import dev.rebound.runtime.http.Guarded;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** The runs for operators: filtered lists and the currently stuck runs. */
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class RunsResource {
    private final RunStore store;
    private final Topology topology;
    private final HeartbeatConfig config;

    public RunsResource(RunStore store, Topology topology, HeartbeatConfig config) {
        this.store = store;
        this.topology = topology;
        this.config = config;
    }

    /** Newest first; every filter optional: {@code processor}, {@code date} (YYYY-MM-DD), {@code state}. */
    @GET
    public List<RunView> runs(@QueryParam("processor") String processor, @QueryParam("date") String date,
            @QueryParam("state") String state, @QueryParam("limit") Integer limit) {
        int max = config.maxListedRuns();
        if (limit != null && (limit < 1 || limit > max)) {
            throw new BadRequestException("limit must be between 1 and " + max);
        }
        return views(store.list(blankToNull(processor), parseDate(date), parseState(state),
                limit == null ? max : limit));
    }

    /** Runs whose current state is stuck: declared stuck and neither completed nor failed since. */
    @GET
    @Path("/stuck")
    public List<RunView> stuck() {
        return views(store.list(null, null, RunState.stuck, config.maxListedRuns()));
    }

    private List<RunView> views(List<TrackedRun> runs) {
        return runs.stream()
                .map(r -> RunView.of(r, topology.stuckThreshold(r.key().processor(), r.heartbeatIntervalS())))
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static LocalDate parseDate(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("date must be YYYY-MM-DD, was '" + date + "'");
        }
    }

    private static RunState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return RunState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state must be one of " + Arrays.toString(RunState.values())
                    + ", was '" + state + "'");
        }
    }
}
