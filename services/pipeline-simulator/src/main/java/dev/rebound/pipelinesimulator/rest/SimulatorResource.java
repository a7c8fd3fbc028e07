package dev.rebound.pipelinesimulator.rest;

import dev.rebound.pipelinesimulator.CloudSchedulerPlayer;
import dev.rebound.pipelinesimulator.ProcessorRuns;
import dev.rebound.pipelinesimulator.config.ScenarioProducer.LoadedScenario;
import dev.rebound.runtime.clock.ScenarioClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
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

    /** {@code scenario}, {@code start} and {@code end} are absent when no scenario is loaded. */
    public record Status(String scenario, Instant simTime, Instant start, Instant end, List<Run> runs,
            Map<String, JobCalls> schedulerJobs) {
    }

    public record Run(String runId, String processor, LocalDate dataDate, int attempt, String trigger,
            Instant startedAt, String state, String detail) {
    }

    public record JobCalls(long calls, long failed) {
    }

    @GET
    public Status status() {
        List<Run> list = runs.runs().stream().map(r -> new Run(r.runId, r.processor, r.dataDate, r.attempt,
                r.trigger, r.startedAt, r.state, r.detail)).toList();
        Map<String, JobCalls> jobs = new LinkedHashMap<>();
        scheduler.counts().forEach((job, c) -> jobs.put(job, new JobCalls(c[0], c[1])));
        return new Status(loaded.scenario().map(s -> s.name()).orElse(null), clock.instant(),
                loaded.scenario().map(s -> s.start()).orElse(null), loaded.scenario().map(s -> s.end()).orElse(null),
                list, jobs);
    }
}
