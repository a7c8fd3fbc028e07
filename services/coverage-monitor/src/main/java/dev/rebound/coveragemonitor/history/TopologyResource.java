package dev.rebound.coveragemonitor.history;

import dev.rebound.coveragemonitor.CoverageEvaluator;
import dev.rebound.coveragemonitor.rest.Dates;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * The pipeline's DAG for a date ({@code date=YYYY-MM-DD}, today by default) with each run's state from the event
 * archive and the critical path to the date's first tip-off. Read-only and for the dashboard page, not guarded.
 */
@Path("/history/topology")
@Produces(MediaType.APPLICATION_JSON)
public class TopologyResource {
    private final Topology topology;
    private final EventArchive archive;
    private final CoverageEvaluator evaluator;
    private final ScenarioClock clock;

    public TopologyResource(Topology topology, EventArchive archive, CoverageEvaluator evaluator, ScenarioClock clock) {
        this.topology = topology;
        this.archive = archive;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    @GET
    public TopologyView topology(@QueryParam("date") String date) {
        LocalDate day = Dates.parseOrToday(date, clock);
        Set<LocalDate> dates = new HashSet<>();
        topology.config().edges().forEach(e -> dates.add(day.plusDays(e.offset())));
        dates.add(day);
        RunVerdicts verdicts = new RunVerdicts(archive.forDataDates(dates).events());
        return TopologyView.of(topology, day, evaluator.view(day).firstTipoff().orElse(null), clock.instant(),
                verdicts);
    }
}
