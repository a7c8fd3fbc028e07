package dev.rebound.coveragemonitor.incident;

import dev.rebound.events.Cause;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the pipeline's alerts into {@link AlertSignal}s with their root causes, from the topology alone. A root
 * cause is a key: {@code scraper:<name>} for an input that did not land or is stale (a roster check's loading
 * processor fed by a scraper counts as that scraper's input), {@code processor:<name>} for a run that is stuck,
 * failed or could not be repaired. A stuck run is its own root; a repair abandoned, and a coverage gap, belong to
 * the first of their causes (the cause chain Rebound computed, root first), then to what is upstream of them.
 */
@ApplicationScoped
public class AlertSignals {
    /** Bounds for "any date" that both Java and PostgreSQL represent. */
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private final Topology topology;

    public AlertSignals(Topology topology) {
        this.topology = topology;
    }

    public AlertSignal stuck(ProcessorStuck s, String correlationId) {
        return new AlertSignal("stuck/" + s.processor() + "/" + s.dataDate(), EventType.PROCESSOR_STUCK.ceType(),
                s.processor(), s.dataDate(), Severity.CRITICAL, s.processor() + " " + s.dataDate() + " run "
                        + s.runId() + " stuck: silent for " + Math.round(s.silentForS()) + " s",
                s.detectedAt(), correlationId, List.of(processorKey(s.processor())), Set.of(s.processor()));
    }

    public AlertSignal rosterStale(RosterStale r, String check, String correlationId) {
        String loader = topology.config().rosters() == null ? null : topology.config().rosters().processor();
        List<String> keys = loader == null ? List.of("check:" + check) : List.of(inputKey(loader));
        return new AlertSignal("roster-stale/" + check, EventType.ROSTER_STALE.ceType(), check, null, r.severity(),
                r.stale().size() + " stale and " + (r.missing() == null ? 0 : r.missing().size())
                        + " missing rosters of " + r.teamsExpected() + " teams (" + check + ")",
                r.checkedAt(), correlationId, keys, loader == null ? Set.of() : Set.of(loader));
    }

    public AlertSignal inputStale(InputStale i, String correlationId) {
        return new AlertSignal("input-stale/" + i.input() + "/" + i.dataDate(), EventType.INPUT_STALE.ceType(),
                i.input(), i.dataDate(), i.severity(), i.input() + " " + i.dataDate() + ": "
                        + (i.detail() == null ? i.objectsSeen() + " objects by " + i.expectedBy() : i.detail()),
                i.detectedAt(), correlationId, List.of(scraperKey(i.input())), loadersOf(i.input()));
    }

    public AlertSignal abandoned(BackfillAbandonedAlert a, String correlationId) {
        Set<String> keys = new LinkedHashSet<>();
        if (a.causeChain() != null) {
            a.causeChain().forEach(c -> keys.add(causeKey(c)));
        }
        scrapersOf(a.processor()).forEach(sc -> keys.add(scraperKey(sc)));
        keys.add(processorKey(a.processor()));
        keys.addAll(upstreamKeys(a.processor()));
        return new AlertSignal("abandoned/" + a.processor() + "/" + a.dataDate(),
                EventType.BACKFILL_ABANDONED_ALERT.ceType(), a.processor(), a.dataDate(), a.severity(),
                "repair of " + a.processor() + " " + a.dataDate() + " abandoned after " + a.attempts()
                        + " attempts: " + a.reason(), a.detectedAt(), correlationId, List.copyOf(keys),
                Set.of(a.processor()));
    }

    public AlertSignal gap(CoverageGap g, String correlationId) {
        Set<String> keys = new LinkedHashSet<>();
        g.suspectedRootCauses().forEach(c -> keys.add(causeKey(c)));
        Optional<String> phaseProcessor = topology.processorOfPhase(g.phase()).map(PipelineConfig.Processor::name);
        phaseProcessor.ifPresent(p -> {
            keys.addAll(upstreamKeys(p));
            keys.add(processorKey(p));
        });
        if (keys.isEmpty()) {
            keys.add("phase:" + g.phase());
        }
        Set<String> repairs = new LinkedHashSet<>();
        g.suspectedRootCauses().forEach(c -> repairs.add(c.processor()));
        phaseProcessor.ifPresent(repairs::add);
        return new AlertSignal(gapKey(g.gameDate(), g.gameId(), g.phase()), EventType.COVERAGE_GAP.ceType(),
                g.gameId() + "/" + g.phase(), g.gameDate(), g.severity(), g.gameId() + " " + g.phase() + ": "
                        + g.players() + " players (minimum " + g.minPlayers() + ")", g.detectedAt(), correlationId,
                List.copyOf(keys), repairs);
    }

    /**
     * A deadline at risk: its root cause is the critical run's processor (then the inputs it loads and what is
     * upstream of it), one alert per game date whose repeats (a new cause, a higher severity) update it. A run that is
     * only slow is a warning whatever the forecast's severity: nothing may kill or duplicate a live run, so there is
     * no one to page; a run not started, failed or stuck keeps the forecast's severity (a trigger or re-run now can
     * win time), and a repair of it in flight holds escalation back as for every alert.
     */
    public AlertSignal deadlineAtRisk(DeadlineAtRisk d, String correlationId) {
        String processor = d.criticalRun().processor();
        Set<String> keys = new LinkedHashSet<>();
        keys.add(processorKey(processor));
        scrapersOf(processor).forEach(sc -> keys.add(scraperKey(sc)));
        keys.addAll(upstreamKeys(processor));
        Severity severity = d.cause() == DeadlineAtRisk.Cause.SLOW_PROGRESS ? Severity.WARNING : d.severity();
        return new AlertSignal(deadlineKey(d.gameDate()), EventType.DEADLINE_AT_RISK.ceType(),
                deadlineSubject(d.gameDate()), d.gameDate(), severity, d.games().size() + " games of " + d.gameDate()
                        + " at risk: " + d.detail(), d.detectedAt(), correlationId, List.copyOf(keys),
                Set.of(processor));
    }

    /** What a date's deadline recovery (or its silent close once its games started) answers: its at-risk alert. */
    public IncidentTracker.AnsweredAlerts deadlineClosed(LocalDate gameDate) {
        return store -> store.activeAlerts(List.of(EventType.DEADLINE_AT_RISK.ceType()),
                List.of(deadlineSubject(gameDate)), gameDate, gameDate);
    }

    static String deadlineKey(LocalDate gameDate) {
        return "deadline/" + gameDate;
    }

    private static String deadlineSubject(LocalDate gameDate) {
        return "deadline " + gameDate;
    }

    /**
     * What a completion of {@code processor} for {@code date} answers: its stuck runs and abandoned repairs of that
     * date — of that date or earlier for a loader fed by a scraper, whose newer input supersedes older — and the
     * stale inputs of the scrapers it loads, up to that date.
     */
    public IncidentTracker.AnsweredAlerts completion(String processor, LocalDate date) {
        Set<String> scrapers = scrapersOf(processor);
        LocalDate from = scrapers.isEmpty() ? date : EARLIEST;
        return store -> {
            var out = new java.util.LinkedHashMap<>(store.activeAlerts(List.of(EventType.PROCESSOR_STUCK.ceType(),
                    EventType.BACKFILL_ABANDONED_ALERT.ceType()), List.of(processor), from, date));
            if (!scrapers.isEmpty()) {
                out.putAll(store.activeAlerts(List.of(EventType.INPUT_STALE.ceType()), scrapers, EARLIEST, date));
            }
            return out;
        };
    }

    /** What a roster check's recovery answers: its stale verdict. */
    public IncidentTracker.AnsweredAlerts rosterRecovered(String check) {
        return store -> store.activeAlerts(List.of(EventType.ROSTER_STALE.ceType()), List.of(check), EARLIEST,
                LATEST);
    }

    /** What a gap's resolution answers: that gap. */
    public IncidentTracker.AnsweredAlerts gapResolved(LocalDate gameDate, String gameId, String phase) {
        return store -> store.activeAlerts(List.of(EventType.COVERAGE_GAP.ceType()), List.of(gameId + "/" + phase),
                gameDate, gameDate);
    }

    public static String gapKey(LocalDate gameDate, String gameId, String phase) {
        return "gap/" + gameDate + "/" + gameId + "/" + phase;
    }

    /** The scrapers whose input a processor loads (none for a processor fed by other processors only). */
    public Set<String> scrapersOf(String processor) {
        return topology.processor(processor).map(PipelineConfig.Processor::triggeredByScraper)
                .map(Set::of).orElse(Set.of());
    }

    /** The key of a cause in a chain: an input (scraper, or the roster loader's input) or a processor run. */
    String causeKey(Cause c) {
        if (isScraper(c.processor())) {
            return scraperKey(c.processor());
        }
        boolean inputVerdict = c.status().equals("stale") || (c.status().equals("missing")
                && topology.config().rosters() != null && c.processor().equals(topology.config().rosters().processor()));
        return inputVerdict ? inputKey(c.processor()) : processorKey(c.processor());
    }

    /** Upstream processors, nearest first: each as its input (if a scraper feeds it) and as a run. */
    private List<String> upstreamKeys(String processor) {
        List<String> keys = new ArrayList<>();
        for (PipelineConfig.Edge e : topology.upstreamClosure(processor)) {
            keys.add(processorKey(e.from()));
            scrapersOf(e.from()).forEach(s -> keys.add(scraperKey(s)));
        }
        return keys;
    }

    private String inputKey(String loader) {
        return scrapersOf(loader).stream().findFirst().map(AlertSignals::scraperKey).orElse(processorKey(loader));
    }

    private Set<String> loadersOf(String scraper) {
        Set<String> out = new LinkedHashSet<>();
        topology.processors().stream().filter(p -> scraper.equals(p.triggeredByScraper()))
                .forEach(p -> out.add(p.name()));
        return out;
    }

    private boolean isScraper(String name) {
        return topology.config().scrapers() != null
                && topology.config().scrapers().stream().anyMatch(s -> s.name().equals(name));
    }

    static String processorKey(String processor) {
        return "processor:" + processor;
    }

    static String scraperKey(String scraper) {
        return "scraper:" + scraper;
    }
}
