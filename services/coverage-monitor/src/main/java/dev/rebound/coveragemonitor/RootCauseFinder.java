package dev.rebound.coveragemonitor;

import dev.rebound.events.Cause;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Explains a coverage gap by walking the topology upstream from the phase's processor: runs that are stuck,
 * failed or never completed for the date they were needed for, stale or missing rosters of the game's two teams,
 * stale inputs and abandoned repairs. Causes come root-first (inputs, then processors in dependency order).
 */
public final class RootCauseFinder {
    private final Topology topology;

    /** The dates a processor's output is needed for: exactly one date, or a freshness window ending at {@code to}. */
    public record RunWindow(String processor, LocalDate from, LocalDate to) {
        boolean contains(LocalDate date) {
            return !date.isBefore(from) && !date.isAfter(to);
        }
    }

    /** Causes in order, and the correlation id of the chain they belong to when one was seen. */
    public record RootCauses(List<Cause> causes, String correlationId) {
    }

    public RootCauseFinder(Topology topology) {
        this.topology = topology;
    }

    /** Every run upstream of {@code processor(date)}, transitively, the processor itself first. */
    public List<RunWindow> upstreamWindows(String processor, LocalDate date) {
        Map<String, RunWindow> windows = new LinkedHashMap<>();
        Deque<RunWindow> queue = new ArrayDeque<>();
        RunWindow self = new RunWindow(processor, date, date);
        queue.add(self);
        Set<RunWindow> seen = new LinkedHashSet<>(List.of(self));
        while (!queue.isEmpty()) {
            RunWindow run = queue.poll();
            windows.putIfAbsent(run.processor() + "@" + run.to(), run);
            for (PipelineConfig.Edge e : topology.upstreamOf(run.processor())) {
                RunWindow next = e.byFreshness()
                        ? new RunWindow(e.from(), run.to().minusDays(e.freshnessDays()), run.to())
                        : new RunWindow(e.from(), run.to().plusDays(e.offset()), run.to().plusDays(e.offset()));
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return List.copyOf(windows.values());
    }

    public RootCauses find(String phaseProcessor, LocalDate gameDate, DateCoverage.Game game,
            Map<String, LocalDate> latestRosterByTeam, Observations seen) {
        List<RunWindow> windows = upstreamWindows(phaseProcessor, gameDate);
        List<Ranked> found = new ArrayList<>();
        PipelineConfig.Rosters rosters = topology.config().rosters();
        boolean rostersUpstream = rosters != null && rosters.processor() != null
                && windows.stream().anyMatch(w -> w.processor().equals(rosters.processor()));
        if (rostersUpstream) {
            rosterCauses(rosters, phaseProcessor, gameDate, game, latestRosterByTeam, seen, found);
        }
        for (RunWindow window : windows) {
            runCause(window, phaseProcessor, seen).ifPresent(found::add);
            inputCauses(window, seen, found);
            for (Observations.NotedAlert a : seen.alerts()) {
                if (a.kind().equals(Observations.BACKFILL_ABANDONED) && a.subject().equals(window.processor())
                        && a.dataDate() != null && window.contains(a.dataDate())) {
                    found.add(new Ranked(rank(window.processor()), 1,
                            new Cause(window.processor(), a.dataDate(), "abandoned", a.detail()), a.correlationId()));
                }
            }
        }
        found.sort(Comparator.comparingInt(Ranked::group).thenComparingInt(Ranked::rank)
                .thenComparing(r -> r.cause().dataDate(), Comparator.nullsLast(Comparator.naturalOrder())));
        List<Cause> causes = new ArrayList<>();
        Set<Cause> unique = new LinkedHashSet<>();
        String correlationId = null;
        for (Ranked r : found) {
            if (unique.add(r.cause())) {
                causes.add(r.cause());
                if (correlationId == null && r.correlationId() != null) {
                    correlationId = r.correlationId();
                }
            }
        }
        return new RootCauses(List.copyOf(causes), correlationId);
    }

    private record Ranked(int rank, int group, Cause cause, String correlationId) {
    }

    private int rank(String processor) {
        int rank = topology.rank(processor);
        return rank < 0 ? Integer.MAX_VALUE : rank;
    }

    /**
     * The game's teams whose rosters are stale or missing; or were, when the phase last produced the game's output: a
     * verdict since followed by a fresh one still explains the gap until the phase has completed a run for the date
     * that started after it (its completion time when its start was not seen).
     */
    private void rosterCauses(PipelineConfig.Rosters rosters, String phaseProcessor, LocalDate gameDate,
            DateCoverage.Game game, Map<String, LocalDate> latestRosterByTeam, Observations seen, List<Ranked> found) {
        for (String team : List.of(game.awayTeam(), game.homeTeam())) {
            Observations.TeamRosterVerdict verdict = seen.rosterVerdicts().get(team);
            if (verdict != null && verdict.staleUntil() != null) {
                Instant freshSince = verdict.staleUntil();
                // a run started before the rosters were fresh read them stale, whenever it completed
                boolean rerunSince = seen.runs().stream().anyMatch(r -> r.processor().equals(phaseProcessor)
                        && gameDate.equals(r.dataDate()) && r.status() == RunStatus.COMPLETED
                        && (r.startedAt() != null ? r.startedAt() : r.statusAt()) != null
                        && !(r.startedAt() != null ? r.startedAt() : r.statusAt()).isBefore(freshSince));
                if (!rerunSince) {
                    found.add(new Ranked(rank(rosters.processor()), 0, new Cause(rosters.processor(),
                            verdict.latestRosterDate() != null ? verdict.latestRosterDate() : gameDate, "stale",
                            team + " roster " + (verdict.latestRosterDate() == null ? "missing"
                                    : (verdict.ageDays() != null ? verdict.ageDays() : 0) + " days old")
                                    + " when " + phaseProcessor + " last ran (fresh since " + freshSince + ")"),
                            null));
                }
                continue;
            }
            LocalDate latest = verdict != null ? verdict.latestRosterDate() : latestRosterByTeam.get(team);
            boolean missing = latest == null && (verdict != null || !latestRosterByTeam.containsKey(team));
            long age = latest == null ? -1 : ChronoUnit.DAYS.between(latest, gameDate);
            boolean stale = verdict != null || missing || age > rosters.maxAgeDays();
            if (!stale) {
                continue;
            }
            Cause cause = missing
                    ? new Cause(rosters.processor(), gameDate, "missing", team + " roster missing")
                    : new Cause(rosters.processor(), latest, "stale",
                            team + " roster " + Math.max(age, verdict != null && verdict.ageDays() != null
                                    ? verdict.ageDays() : 0) + " days old");
            found.add(new Ranked(rank(rosters.processor()), 0, cause,
                    verdict != null ? seen.rosterCorrelationId() : null));
        }
    }

    private void inputCauses(RunWindow window, Observations seen, List<Ranked> found) {
        String scraper = topology.processor(window.processor())
                .map(PipelineConfig.Processor::triggeredByScraper).orElse(null);
        if (scraper == null) {
            return;
        }
        for (Observations.NotedAlert a : seen.alerts()) {
            if (a.kind().equals(Observations.INPUT_STALE) && a.subject().equals(scraper) && a.dataDate() != null
                    && window.contains(a.dataDate())) {
                found.add(new Ranked(rank(window.processor()), 0,
                        new Cause(scraper, a.dataDate(), "stale", a.detail()), a.correlationId()));
            }
        }
    }

    /** The run of a window that explains the gap: nothing when one completed, else failed, stuck or missing. */
    private Optional<Ranked> runCause(RunWindow window, String phaseProcessor, Observations seen) {
        List<RunRecord> runs = seen.runs().stream()
                .filter(r -> r.processor().equals(window.processor()) && window.contains(r.dataDate()))
                .toList();
        if (runs.stream().anyMatch(r -> r.status() == RunStatus.COMPLETED)) {
            return Optional.empty();
        }
        int rank = rank(window.processor());
        Optional<RunRecord> worst = runs.stream()
                .max(Comparator.comparing(RunRecord::dataDate).thenComparing(RunRecord::statusAt));
        if (worst.isPresent()) {
            RunRecord r = worst.get();
            boolean stuck = r.status() == RunStatus.STUCK || r.stuckDetail() != null;
            String detail = r.processor() + " " + r.dataDate() + (stuck ? " stuck" : " failed")
                    + describe(r);
            return Optional.of(new Ranked(rank, 1,
                    new Cause(r.processor(), r.dataDate(), stuck ? "stuck" : "failed", detail), r.correlationId()));
        }
        if (window.processor().equals(phaseProcessor)) {
            return Optional.empty();
        }
        String when = window.from().equals(window.to()) ? "for " + window.to()
                : "between " + window.from() + " and " + window.to();
        return Optional.of(new Ranked(rank, 1, new Cause(window.processor(), window.to(), "missing",
                window.processor() + ": no completion seen " + when), null));
    }

    private static String describe(RunRecord r) {
        List<String> parts = new ArrayList<>();
        if (r.stuckDetail() != null) {
            parts.add(r.stuckDetail());
        }
        if (r.status() == RunStatus.FAILED && r.detail() != null && !Objects.equals(r.detail(), r.stuckDetail())) {
            parts.add(r.detail());
        }
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }
}
