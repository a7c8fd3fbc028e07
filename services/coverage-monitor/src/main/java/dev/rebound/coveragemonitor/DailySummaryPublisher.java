package dev.rebound.coveragemonitor;

import dev.rebound.coveragemonitor.messaging.CoverageAnnouncer;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.RepairStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.coveragemonitor.store.SummaryStore;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.DailyHealthSummary;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daily health summary (the seed's health email): games covered by the last phase, the day's gaps, stuck
 * runs upstream of the day, roster coverage and repairs. Published once per date: the summary is stored and its
 * event (ce-id {@code daily-summary/<date>}) added to the outbox in one transaction, and only by the caller whose
 * insert of the date's summary counted; asking again, on any instance, returns the stored summary.
 */
@ApplicationScoped
public class DailySummaryPublisher {
    private final CoverageEvaluator evaluator;
    private final GapAlertStore gaps;
    private final RunStore runs;
    private final RepairStore repairs;
    private final RosterFreshness rosters;
    private final SummaryStore summaries;
    private final CoverageAnnouncer announcer;
    private final StateStore store;
    private final Topology topology;
    private final ScenarioClock clock;

    public record Published(DailyHealthSummary summary, boolean firstTime) {
    }

    public DailySummaryPublisher(CoverageEvaluator evaluator, GapAlertStore gaps, RunStore runs, RepairStore repairs,
            RosterFreshness rosters, SummaryStore summaries, CoverageAnnouncer announcer, StateStore store,
            Topology topology, ScenarioClock clock) {
        this.evaluator = evaluator;
        this.gaps = gaps;
        this.runs = runs;
        this.repairs = repairs;
        this.rosters = rosters;
        this.summaries = summaries;
        this.announcer = announcer;
        this.store = store;
        this.topology = topology;
        this.clock = clock;
    }

    public static String eventId(LocalDate date) {
        return "daily-summary/" + date;
    }

    public Published publishOnce(LocalDate date) {
        return store.inTransaction(() -> {
            Optional<DailyHealthSummary> existing = stored(date);
            if (existing.isPresent()) {
                return new Published(existing.get(), false);
            }
            DailyHealthSummary summary = build(date);
            if (!summaries.insert(eventId(date), summary)) {
                // another instance published the date's summary while this one was building it
                return new Published(stored(date).orElseThrow(), false);
            }
            announcer.dailySummary(eventId(date), summary);
            return new Published(summary, true);
        });
    }

    public Optional<DailyHealthSummary> stored(LocalDate date) {
        return summaries.find(date);
    }

    public DailyHealthSummary build(LocalDate date) {
        DateCoverage coverage = evaluator.calculator().compute(date, clock.instant(), runs.completedOn(date));
        List<PipelineConfig.Processor> phases = topology.coverageProcessors();
        int min = coverage.minPlayers();
        int covered = phases.isEmpty() ? coverage.games().size() : (int) coverage.games().stream()
                .filter(g -> g.players(phases.get(phases.size() - 1).coverage().phase()) >= min).count();

        List<DailyHealthSummary.Gap> gapList = gaps.forDate(date).stream()
                .map(a -> new DailyHealthSummary.Gap(a.gameId(), a.phase(), a.players(), a.minPlayers(),
                        a.state() == GapState.RESOLVED))
                .toList();

        RootCauseFinder finder = new RootCauseFinder(topology);
        Map<String, RootCauseFinder.RunWindow> windows = new LinkedHashMap<>();
        for (PipelineConfig.Processor p : phases) {
            finder.upstreamWindows(p.name(), date).forEach(w -> windows.putIfAbsent(w.processor() + w.to(), w));
        }
        LocalDate from = windows.values().stream().map(RootCauseFinder.RunWindow::from)
                .min(Comparator.naturalOrder()).orElse(date);
        List<DailyHealthSummary.StuckRun> stuck = runs.everStuckOn(from, date).stream()
                .filter(r -> windows.values().stream().anyMatch(w -> w.processor().equals(r.processor())
                        && !r.dataDate().isBefore(w.from()) && !r.dataDate().isAfter(w.to())))
                .map(r -> new DailyHealthSummary.StuckRun(r.processor(), r.dataDate(), r.runId()))
                .toList();

        List<RosterFreshness.TeamRoster> teams = rosters.asOf(date);
        List<String> configured = topology.config().rosters() == null || topology.config().rosters().teams() == null
                ? teams.stream().map(RosterFreshness.TeamRoster::team).toList()
                : topology.config().rosters().teams();
        List<String> staleTeams = teams.stream().filter(t -> t.state().equals(RosterFreshness.TeamRoster.STALE))
                .map(RosterFreshness.TeamRoster::team).sorted().toList();
        List<String> missingTeams = teams.stream()
                .filter(t -> t.state().equals(RosterFreshness.TeamRoster.MISSING))
                .map(RosterFreshness.TeamRoster::team).sorted().toList();
        int fresh = (int) teams.stream().filter(t -> configured.contains(t.team())
                && t.state().equals(RosterFreshness.TeamRoster.FRESH)).count();
        DailyHealthSummary.RosterCoverage roster = new DailyHealthSummary.RosterCoverage(configured.size(), fresh,
                staleTeams, missingTeams);

        List<DailyHealthSummary.Repair> repairList = repairs.touching(date).stream()
                .filter(p -> p.rootProcessor() != null && p.rootDataDate() != null)
                .map(p -> new DailyHealthSummary.Repair(p.planId(), p.rootProcessor(), p.rootDataDate(), p.state()))
                .toList();

        boolean unresolvedGap = gapList.stream().anyMatch(g -> !g.resolved());
        boolean abandoned = repairList.stream().anyMatch(r -> r.outcome().equals(RepairPlan.ABANDONED));
        Severity severity = unresolvedGap || covered < coverage.games().size() ? Severity.CRITICAL
                : !gapList.isEmpty() || !stuck.isEmpty() || !staleTeams.isEmpty() || !missingTeams.isEmpty()
                        || abandoned ? Severity.WARNING : Severity.INFO;
        return new DailyHealthSummary(date, clock.instant(), severity, coverage.games().size(), covered, gapList,
                stuck, roster, repairList);
    }
}
