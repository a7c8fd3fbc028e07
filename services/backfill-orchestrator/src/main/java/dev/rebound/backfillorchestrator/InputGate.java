package dev.rebound.backfillorchestrator;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a run fed by a scraper ({@code triggered_by_scraper}) can be repaired yet. Re-running it before its input
 * has landed cannot succeed, so its step waits for the scraper's completion until the scraper's {@code expected_by}
 * and only then escalates; an input for which a newer one has landed that every consumer's freshness edge accepts
 * ({@link Topology#supersedingDays}) is superseded: nothing to repair. Landings are the scrapers' and the bridge's
 * {@code pipeline.scraper.completed.v1}, kept in the store. A landing starts the pipeline's own run of the processor
 * (that is what {@code triggered_by_scraper} means), so for the run's stuck threshold after it the step waits for
 * that run to show life (then it is watched, and its completion satisfies the step) rather than start a second one.
 */
final class InputGate {
    enum Verdict {
        /** Not fed by a scraper, or its input landed: nothing holds the run back. */
        READY,
        /** A newer input that every consumer accepts has landed: the run is not a repair target. */
        SUPERSEDED,
        /** Not landed, still before the scraper's expected_by; or just landed, its own run not seen yet: wait. */
        AWAITED,
        /** Not landed and past the scraper's expected_by: escalate. */
        OVERDUE
    }

    record Check(Verdict verdict, String detail) {
    }

    private final Topology topology;

    InputGate(Topology topology) {
        this.topology = topology;
    }

    Check check(RepairBook book, RunKey run, Instant now) {
        Optional<PipelineConfig.Scraper> scraper = scraperFeeding(run.processor());
        if (scraper.isEmpty()) {
            return new Check(Verdict.READY, null);
        }
        String name = scraper.get().name();
        LocalDate date = run.dataDate();
        int window = topology.supersedingDays(name);
        Map<LocalDate, InputLanding> landed = book.landed(name, date, date.plusDays(window));
        InputLanding landing = landed.get(date);
        if (landing != null) {
            // the landing starts the pipeline's own run of the processor: give it the time a run has to show life,
            // from when the pipeline can have heard of it (a completion delivered late reached it late too)
            Instant from = landing.startsRunFrom();
            Instant ownRunBy = from.plus(topology.stuckThreshold(run.processor(), null));
            if (now.isBefore(ownRunBy)) {
                return new Check(Verdict.AWAITED, "input " + name + "(" + date + ") landed at " + landing.landedAt()
                        + (from.equals(landing.landedAt()) ? "" : ", heard of at " + from)
                        + ": waiting for the run it starts, until " + ownRunBy);
            }
            return new Check(Verdict.READY, null);
        }
        Optional<LocalDate> newer = landed.keySet().stream().filter(d -> d.isAfter(date)).max(LocalDate::compareTo);
        if (newer.isPresent()) {
            return new Check(Verdict.SUPERSEDED, "input " + name + "(" + date + ") superseded by " + name + "("
                    + newer.get() + "), which every consumer's freshness edge accepts");
        }
        PipelineConfig.TimeOfDay expectedBy = scraper.get().expectedBy();
        if (expectedBy == null) {
            return new Check(Verdict.AWAITED, "waiting for input " + name + "(" + date + ") to land");
        }
        Instant due = expectedBy.on(date);
        if (now.isBefore(due)) {
            return new Check(Verdict.AWAITED, "waiting for input " + name + "(" + date + "), due at " + due);
        }
        return new Check(Verdict.OVERDUE, "input " + name + "(" + date + ") due at " + due + " has not landed");
    }

    /**
     * Whether the completed run {@code upstream} is about to run again: its input landed after that run had started
     * (a later batch of the same data date), so the pipeline starts another run of it, which its dependents should
     * read rather than the one that completed. Returns what they wait for, for as long as the run the landing starts
     * has to show life (after that the completion stands); empty when not fed by a scraper or nothing landed since.
     */
    Optional<String> rerunAwaited(RepairBook book, RunKey upstream, RunRecord completed, Instant now) {
        Optional<PipelineConfig.Scraper> scraper = scraperFeeding(upstream.processor());
        if (scraper.isEmpty() || completed == null || !completed.completed()) {
            return Optional.empty();
        }
        String name = scraper.get().name();
        InputLanding landing = book.landed(name, upstream.dataDate(), upstream.dataDate()).get(upstream.dataDate());
        if (landing == null) {
            return Optional.empty();
        }
        Instant started = book.firstSeen(upstream, completed.runId()).orElse(completed.completedAt());
        if (!landing.landedAt().isAfter(started)) {
            return Optional.empty();
        }
        Instant ownRunBy = landing.startsRunFrom().plus(topology.stuckThreshold(upstream.processor(), null));
        if (!now.isBefore(ownRunBy)) {
            return Optional.empty();
        }
        return Optional.of("input " + name + "(" + upstream.dataDate() + ") landed at " + landing.landedAt()
                + ", after " + upstream + " run " + completed.runId() + " started: waiting for the run it starts,"
                + " until " + ownRunBy);
    }

    private Optional<PipelineConfig.Scraper> scraperFeeding(String processor) {
        String scraper = topology.processor(processor).map(PipelineConfig.Processor::triggeredByScraper).orElse(null);
        if (scraper == null || topology.config().scrapers() == null) {
            return Optional.empty();
        }
        return topology.config().scrapers().stream().filter(s -> s.name().equals(scraper)).findFirst();
    }
}
