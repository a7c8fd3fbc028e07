package dev.rebound.pipelinesimulator.rest;

import dev.rebound.pipelinesimulator.CloudSchedulerPlayer;
import dev.rebound.pipelinesimulator.ProcessorRuns;
import dev.rebound.pipelinesimulator.config.ScenarioProducer.LoadedScenario;
import dev.rebound.runtime.clock.ScenarioClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the simulated world has done so far (JSON), for operators and the launcher's status. */
@Path("/simulator")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorResource {
    private final LoadedScenario loaded;
    private final ProcessorRuns runs;
    private final CloudSchedulerPlayer scheduler;
    private final ScenarioClock clock;

    public SimulatorResource(LoadedScenario loaded, ProcessorRuns runs, CloudSchedulerPlayer scheduler,
            ScenarioClock clock) {
        this.loaded = loaded;
        this.runs = runs;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @GET
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", loaded.scenario().map(s -> s.name()).orElse(null));
        out.put("sim_time", clock.instant().toString());
        loaded.scenario().ifPresent(s -> {
            out.put("start", s.start().toString());
            out.put("end", s.end().toString());
        });
        List<Map<String, Object>> list = runs.runs().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", r.runId);
            m.put("processor", r.processor);
            m.put("data_date", r.dataDate.toString());
            m.put("attempt", r.attempt);
            m.put("trigger", r.trigger);
            m.put("started_at", r.startedAt.toString());
            m.put("state", r.state);
            m.put("detail", r.detail);
            return m;
        }).toList();
        out.put("runs", list);
        Map<String, Object> jobs = new LinkedHashMap<>();
        scheduler.counts().forEach((job, c) -> jobs.put(job, Map.of("calls", c[0], "failed", c[1])));
        out.put("scheduler_jobs", jobs);
        return out;
    }
}
