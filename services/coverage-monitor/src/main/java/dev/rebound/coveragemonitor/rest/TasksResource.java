package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.CoverageEvaluator;
import dev.rebound.coveragemonitor.DailySummaryPublisher;
import dev.rebound.coveragemonitor.DateCoverage;
import dev.rebound.events.internal.DailyHealthSummary;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.http.Caller;
import dev.rebound.runtime.http.Guarded;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The periodic endpoints Cloud Scheduler calls (rebound/scheduler-jobs.json). */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Guarded(Caller.SCHEDULER)
public class TasksResource {
    private final CoverageEvaluator evaluator;
    private final DailySummaryPublisher summaries;
    private final ScenarioClock clock;

    public record Evaluated(LocalDate date, int games, List<String> gaps) {
    }

    public record SummaryResult(LocalDate date, boolean published, DailyHealthSummary summary) {
    }

    public TasksResource(CoverageEvaluator evaluator, DailySummaryPublisher summaries, ScenarioClock clock) {
        this.evaluator = evaluator;
        this.summaries = summaries;
        this.clock = clock;
    }

    /** Evaluates today and tomorrow (scenario clock), plus yesterday's late games and dates with open gaps. */
    @POST
    @Path("/evaluate")
    public List<Evaluated> evaluate() {
        List<Evaluated> out = new ArrayList<>();
        for (LocalDate date : evaluator.watchedDates()) {
            DateCoverage c = evaluator.evaluate(date);
            List<String> gaps = new ArrayList<>();
            c.phases().stream().filter(DateCoverage.Phase::ran).forEach(p -> c.games().stream()
                    .filter(g -> !g.started() && g.players(p.phase()) < c.minPlayers())
                    .forEach(g -> gaps.add(g.gameId() + "/" + p.phase() + "=" + g.players(p.phase()))));
            out.add(new Evaluated(date, c.games().size(), gaps));
        }
        return out;
    }

    /** Publishes the previous sim date's summary once; {@code date} lets an operator ask for another day. */
    @POST
    @Path("/daily-summary")
    public SummaryResult dailySummary(@QueryParam("date") String date) {
        LocalDate day = date == null || date.isBlank()
                ? LocalDate.ofInstant(clock.instant(), clock.getZone()).minusDays(1) : Dates.parse(date);
        DailySummaryPublisher.Published p = summaries.publishOnce(day);
        return new SummaryResult(day, p.firstTime(), p.summary());
    }
}
