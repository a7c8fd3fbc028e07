package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.CoverageEvaluator;
import dev.rebound.coveragemonitor.DateCoverage;
import dev.rebound.coveragemonitor.GapAlert;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.http.Guarded;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Coverage on demand, counted from the tables now (nothing is announced): per date, and per game with row and
 * player counts per phase — the seed's "predictions per game" query as an endpoint.
 */
@Path("/coverage")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class CoverageResource {
    private final CoverageEvaluator evaluator;
    private final RunStore runs;
    private final GapAlertStore gaps;
    private final Topology topology;
    private final ScenarioClock clock;

    public record DateView(CoverageReport report, Instant firstTipoff, Instant alertDeadline, List<GapAlert> alerts) {
    }

    public record PhaseDetail(String phase, String processor, boolean ran, String table, long rows, long players,
            double ratio, boolean atMin) {
    }

    public record GameView(LocalDate gameDate, String gameId, String awayTeam, String homeTeam, Instant tipoffAt,
            boolean started, int expectedPlayers, int minPlayers, List<PhaseDetail> phases, List<GapAlert> alerts) {
    }

    public CoverageResource(CoverageEvaluator evaluator, RunStore runs, GapAlertStore gaps, Topology topology,
            ScenarioClock clock) {
        this.evaluator = evaluator;
        this.runs = runs;
        this.gaps = gaps;
        this.topology = topology;
        this.clock = clock;
    }

    @GET
    public DateView byDate(@QueryParam("date") String date) {
        LocalDate day = Dates.parseOrToday(date, clock);
        DateCoverage c = evaluator.calculator().compute(day, clock.instant(), runs.completedOn(day));
        return new DateView(c.toReport(), c.firstTipoff().orElse(null),
                c.alertDeadline(topology.config().coverage().alertBeforeFirstTipoff()).orElse(null),
                gaps.forDate(day));
    }

    @GET
    @Path("/{date}/games/{gameId}")
    public GameView game(@PathParam("date") String date, @PathParam("gameId") String gameId) {
        LocalDate day = Dates.parse(date);
        DateCoverage c = evaluator.calculator().compute(day, clock.instant(), runs.completedOn(day));
        DateCoverage.Game g = c.game(gameId).orElseThrow(() -> new NotFoundException(
                "No game " + gameId + " on " + day + " in " + topology.config().schedule().table()));
        List<PhaseDetail> phases = new ArrayList<>();
        for (PipelineConfig.Processor p : topology.coverageProcessors()) {
            Map<String, Long> counts = evaluator.calculator().rowsAndPlayers(p.coverage(), day, gameId);
            String phase = p.coverage().phase();
            phases.add(new PhaseDetail(phase, p.name(), c.phase(phase).map(DateCoverage.Phase::ran).orElse(false),
                    p.coverage().table(), counts.get("rows"), counts.get("players"), g.ratio(phase),
                    g.players(phase) >= c.minPlayers()));
        }
        return new GameView(day, g.gameId(), g.awayTeam(), g.homeTeam(), g.tipoffAt(), g.started(),
                g.expectedPlayers(), c.minPlayers(), phases,
                gaps.forDate(day).stream().filter(a -> a.gameId().equals(gameId)).toList());
    }
}
