package dev.rebound.coveragemonitor.rest;

import dev.rebound.coveragemonitor.CoverageEvaluator;
import dev.rebound.coveragemonitor.DateCoverage;
import dev.rebound.coveragemonitor.GapAlerter;
import dev.rebound.coveragemonitor.RosterFreshness;
import dev.rebound.coveragemonitor.RunRecord;
import dev.rebound.coveragemonitor.config.CoverageSettings;
import dev.rebound.coveragemonitor.deadline.DeadlineWatch;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.IncidentStore;
import dev.rebound.coveragemonitor.store.RepairStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON behind the dashboard page (GET /): today's and tomorrow's games, alerts, runs, rosters, repairs, and
 * the incidents open or changed in the last hours with their alerts inside.
 */
@Path("/dashboard/state")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {
    private static final Duration STUCK_LOOKBACK = Duration.ofDays(2);
    private static final Duration FINISHED_REPAIRS_SHOWN = Duration.ofHours(6);

    private final CoverageEvaluator evaluator;
    private final GapAlertStore gaps;
    private final RunStore runs;
    private final RepairStore repairs;
    private final RosterFreshness rosters;
    private final ScenarioClock clock;
    private final Topology topology;
    private final CoverageSettings settings;
    private final GapAlerter alerter;
    private final IncidentStore incidents;
    private final DeadlineWatch deadlines;

    public DashboardResource(CoverageEvaluator evaluator, GapAlertStore gaps, RunStore runs, RepairStore repairs,
            RosterFreshness rosters, ScenarioClock clock, Topology topology, CoverageSettings settings,
            GapAlerter alerter, IncidentStore incidents, DeadlineWatch deadlines) {
        this.evaluator = evaluator;
        this.gaps = gaps;
        this.runs = runs;
        this.repairs = repairs;
        this.rosters = rosters;
        this.clock = clock;
        this.topology = topology;
        this.settings = settings;
        this.alerter = alerter;
        this.incidents = incidents;
        this.deadlines = deadlines;
    }

    @GET
    public DashboardState state() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        List<DashboardState.Day> days = new ArrayList<>();
        for (LocalDate date : evaluator.watchedDates()) {
            if (date.isBefore(today.minusDays(1)) || date.isAfter(today.plusDays(1))) {
                continue;
            }
            String label = date.equals(today) ? "Today" : date.isBefore(today) ? "Yesterday" : "Tomorrow";
            days.add(day(evaluator.view(date), label, now));
        }
        return new DashboardState(now, topology.name(), topology.config().coverage().minPlayers(),
                settings.dashboardPoll().toMillis(), days,
                gaps.active().stream().map(a -> DashboardState.AlertView.of(a, now)).toList(),
                runs.recent(settings.dashboardRuns()).stream().map(DashboardResource::runView).toList(),
                runs.stuckSince(now.minus(STUCK_LOOKBACK)).stream().map(DashboardResource::runView).toList(),
                rosters.maxAgeDays(), rosters.asOf(today),
                repairs.runningOrFinishedSince(now.minus(FINISHED_REPAIRS_SHOWN)),
                incidents.openOrChangedSince(now.minus(FINISHED_REPAIRS_SHOWN)));
    }

    private DashboardState.Day day(DateCoverage c, String label, Instant now) {
        Instant deadline = c.alertDeadline(alerter.alertLeadTime()).orElse(null);
        Optional<ForecastView> forecast = deadlines.view(c.gameDate())
                .map(f -> ForecastView.of(f, deadlines.forecastSettings()));
        List<DashboardState.GameView> games = c.games().stream()
                .map(g -> new DashboardState.GameView(g.gameId(), g.awayTeam(), g.homeTeam(), g.tipoffAt(),
                        Duration.between(now, g.tipoffAt()).toSeconds(), g.started(), g.expectedPlayers(),
                        c.phases().stream().map(p -> new DashboardState.Cell(p.phase(), g.players(p.phase()),
                                g.ratio(p.phase()), level(g.players(p.phase()), c.minPlayers(), p.ran()))).toList(),
                        forecast.flatMap(f -> landing(f, g.gameId())).orElse(null)))
                .toList();
        List<DashboardState.PhaseView> phases = c.phases().stream()
                .map(p -> new DashboardState.PhaseView(p.phase(), p.processor(), p.ran(), p.coverage(),
                        p.gamesAtMin(), p.gamesTotal()))
                .toList();
        return new DashboardState.Day(c.gameDate(), label, c.firstTipoff().orElse(null), deadline,
                deadline == null ? null : Duration.between(now, deadline).toSeconds(), phases, games);
    }

    private static Optional<DashboardState.LandingView> landing(ForecastView f, String gameId) {
        Instant expected = f.landedAt() != null ? f.landedAt() : f.expectedLanding();
        return f.games().stream().filter(g -> g.gameId().equals(gameId)).findFirst()
                .map(g -> new DashboardState.LandingView(f.expectedLanding(), f.p95Landing(), f.landedAt(),
                        Duration.between(expected, g.tipoffAt()).toSeconds(), g.atRisk()));
    }

    static String level(int players, int min, boolean ran) {
        if (players >= min) {
            return "ok";
        }
        return ran ? "bad" : "pending";
    }

    static DashboardState.RunView runView(RunRecord r) {
        String detail = r.stuckDetail() != null && r.detail() != null && !r.detail().equals(r.stuckDetail())
                ? r.detail() + " (was stuck: " + r.stuckDetail() + ")"
                : r.detail() != null ? r.detail() : r.stuckDetail();
        return new DashboardState.RunView(r.processor(), r.dataDate(), r.runId(), r.status().label(), r.statusAt(),
                detail);
    }
}
