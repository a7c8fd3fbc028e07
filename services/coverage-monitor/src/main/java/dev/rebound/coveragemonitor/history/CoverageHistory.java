package dev.rebound.coveragemonitor.history;

import dev.rebound.events.Event;
import dev.rebound.events.internal.BackfillPlanAbandoned;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.CoverageReport;
import dev.rebound.events.internal.CoverageResolved;
import dev.rebound.events.v1.CoverageGap;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A date's coverage as it changed: from the coverage reports this service published (one per evaluation), each
 * game's players per phase at every change; the minimum, the first tip-off and the alert deadline before it; and
 * the moments of the date's alerts (gap, escalation, resolution) and of the repair plans that touched the date.
 */
public record CoverageHistory(LocalDate date, Integer minPlayers, Instant firstTipoff, Instant alertDeadline,
        Instant now, List<String> phases, List<GameSeries> games, List<Moment> moments) {

    public record GameSeries(String gameId, String awayTeam, String homeTeam, Instant tipoffAt, int expectedPlayers,
            List<PhaseSeries> phases) {
    }

    /** Only the changes: a point where the player count differs from the one before. */
    public record PhaseSeries(String phase, List<Point> points) {
    }

    public record Point(Instant at, int players) {
    }

    /** {@code gameId} null: a repair plan, shown on every game of the date. */
    public record Moment(Instant at, Stage stage, String gameId, String summary) {
    }

    static CoverageHistory of(LocalDate date, List<Event<?>> events, Duration alertLead, Instant now) {
        Map<String, GameSeries> games = new LinkedHashMap<>();
        Map<String, Map<String, List<Point>>> points = new LinkedHashMap<>();
        Set<String> phases = new java.util.LinkedHashSet<>();
        List<Moment> moments = new ArrayList<>();
        Set<String> plansOnDate = new HashSet<>();
        Integer min = null;
        for (Event<?> event : events) {
            Instant at = EventArchive.occurredAt(event);
            if (event.data() instanceof CoverageReport r && r.gameDate().equals(date)) {
                min = r.minPlayers();
                r.phases().forEach(p -> phases.add(p.phase()));
                for (CoverageReport.GameCoverage g : r.games()) {
                    games.put(g.gameId(), new GameSeries(g.gameId(), g.awayTeam(), g.homeTeam(), g.tipoffAt(),
                            g.expectedPlayers(), List.of()));
                    for (CoverageReport.PhaseCount c : g.phases()) {
                        List<Point> series = points.computeIfAbsent(g.gameId(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(c.phase(), k -> new ArrayList<>());
                        if (series.isEmpty() || series.get(series.size() - 1).players() != c.players()) {
                            series.add(new Point(at, c.players()));
                        }
                    }
                }
            } else if (event.data() instanceof CoverageGap g && g.gameDate().equals(date)) {
                moments.add(new Moment(at, Stage.of(g), g.gameId(), TimelineEntry.of(event).summary()));
            } else if (event.data() instanceof CoverageResolved r && r.gameDate().equals(date)) {
                moments.add(new Moment(at, Stage.RESOLVED, r.gameId(), TimelineEntry.of(event).summary()));
            } else if (event.data() instanceof BackfillPlanCreated p
                    && p.steps().stream().anyMatch(s -> s.dataDate().equals(date))) {
                plansOnDate.add(p.planId());
                moments.add(new Moment(at, Stage.PLAN, null, TimelineEntry.of(event).summary()));
            } else if (event.data() instanceof BackfillPlanCompleted c && plansOnDate.contains(c.planId())
                    || event.data() instanceof BackfillPlanAbandoned a && plansOnDate.contains(a.planId())) {
                moments.add(new Moment(at, Stage.of(event.data()), null, TimelineEntry.of(event).summary()));
            }
        }
        List<GameSeries> series = games.values().stream()
                .sorted(Comparator.comparing(GameSeries::tipoffAt).thenComparing(GameSeries::gameId))
                .map(g -> new GameSeries(g.gameId(), g.awayTeam(), g.homeTeam(), g.tipoffAt(), g.expectedPlayers(),
                        points.getOrDefault(g.gameId(), Map.of()).entrySet().stream()
                                .map(e -> new PhaseSeries(e.getKey(), e.getValue())).toList()))
                .toList();
        Instant first = series.stream().map(GameSeries::tipoffAt).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
        return new CoverageHistory(date, min, first, first == null ? null : first.minus(alertLead), now,
                List.copyOf(phases), series, moments);
    }
}
