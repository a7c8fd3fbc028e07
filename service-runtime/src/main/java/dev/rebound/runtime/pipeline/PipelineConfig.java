package dev.rebound.runtime.pipeline;

import dev.rebound.events.Severity;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline as Rebound sees it (the topology configuration): its schedule and roster tables, the scrapers the
 * bridge watches, processors and their outputs, soft-dependency edges, and the liveness, coverage and repair
 * numbers. {@code localTables} is the DDL of the embedded stand-ins for the pipeline's own tables (JDBC only).
 * Loaded from YAML by {@link PipelineLoader}; the NBA pipeline is the shipped default.
 */
public record PipelineConfig(String name, String localTables, ScheduleTable schedule, Rosters rosters, List<Scraper> scrapers,
        List<Processor> processors, List<Edge> edges, Heartbeats heartbeats, Coverage coverage, Repair repair,
        Forecast forecast) {

    /** The deadline forecast's settings; a pipeline without a {@code forecast} section gets the defaults. */
    @Override
    public Forecast forecast() {
        return forecast == null ? Forecast.DEFAULTS : forecast;
    }

    public record ScheduleTable(String table, String dateColumn, String gameColumn, String homeTeamColumn,
            String awayTeamColumn, String tipoffColumn) {
    }

    public record Rosters(String check, String table, String teamColumn, String dateColumn, String playerColumn,
            int maxAgeDays, Severity severity, String processor, List<String> teams, Duration checkEvery) {
    }

    /** {@code objectPattern} has a named group {@code date} and optionally {@code key}. */
    public record Scraper(String name, String bucket, String objectPattern, int expectedObjects,
            Duration batchWindow, TimeOfDay expectedBy, Severity severity) {
    }

    /** A time relative to a data date: {@code data_date + day_offset} at {@code time} UTC. */
    public record TimeOfDay(int dayOffset, LocalTime time) {
        public Instant on(LocalDate dataDate) {
            return dataDate.plusDays(dayOffset).atTime(time).toInstant(ZoneOffset.UTC);
        }
    }

    public record Processor(String name, int phase, TimeOfDay expectedBy, String triggeredByScraper,
            CoverageSource coverage) {
    }

    /** Where a phase's per-game player counts come from; {@code filter} is an optional SQL condition. */
    public record CoverageSource(String phase, String table, String dateColumn, String gameColumn,
            String playerColumn, String filter) {
    }

    /**
     * {@code from} must be satisfied for {@code to} on date D: at {@code D + dateOffsetDays}, or (with
     * {@code freshnessDays}) at any date within {@code D - freshnessDays .. D}; satisfied means completed with
     * coverage at or above {@code minCoverage}.
     */
    public record Edge(String from, String to, Integer dateOffsetDays, Integer freshnessDays, double minCoverage) {
        public int offset() {
            return dateOffsetDays == null ? 0 : dateOffsetDays;
        }

        public boolean byFreshness() {
            return freshnessDays != null;
        }
    }

    public record Heartbeats(int defaultIntervalS, int stuckAfterIntervals, List<HeartbeatOverride> overrides) {
    }

    /** Per-processor override: a fixed silence threshold, or a different multiple of the interval. */
    public record HeartbeatOverride(String processor, Integer stuckAfterS, Integer stuckAfterIntervals) {
    }

    public record Coverage(int minPlayers, Duration alertBeforeFirstTipoff, Duration evaluateEvery) {
    }

    public record Repair(int maxAttempts, Duration backoffInitial, double backoffMultiplier, Duration backoffMax,
            int maxConcurrentTriggers, Duration sweepEvery) {
    }

    /**
     * The deadline forecast: will the last coverage phase land before each game's tip-off minus
     * {@code safetyMargin}? Margins compare a game's deadline with a landing time: positive means early.
     *
     * @param evaluateEvery  how often the owning service forecasts the dates it watches
     * @param historyRuns    the recent completed runs per processor behind its p50/p95 duration
     * @param minHistoryRuns with fewer completed runs seen, a processor's durations are its prior
     * @param prior          the durations of a processor with too little history and no entry in {@code priors}
     * @param atRiskBelow    a game is at risk when the p95 landing's margin is below this (warning)
     * @param criticalBelow  ... and critical when even the expected landing's margin is below this
     * @param recoverAbove   an at-risk date recovers only when every game's p95 margin is back above this (hysteresis)
     * @param confirmFor     how long a verdict (at risk, a new cause, a higher severity, recovered) must hold before
     *                       it is announced, so noise in one evaluation never pages
     */
    public record Forecast(Duration safetyMargin, Duration evaluateEvery, Integer historyRuns, Integer minHistoryRuns,
            DurationPrior prior, List<ProcessorPrior> priors, Double atRiskLanding, Duration atRiskBelow,
            Duration criticalBelow, Duration recoverAbove, Duration confirmFor) {

        public static final Forecast DEFAULTS = new Forecast(null, null, null, null, null, null, null, null, null,
                null, null);

        /** Every omitted key takes its default. */
        public Forecast {
            safetyMargin = safetyMargin == null ? Duration.ofMinutes(30) : safetyMargin;
            evaluateEvery = evaluateEvery == null ? Duration.ofMinutes(5) : evaluateEvery;
            historyRuns = historyRuns == null ? 20 : historyRuns;
            minHistoryRuns = minHistoryRuns == null ? 3 : minHistoryRuns;
            prior = prior == null ? new DurationPrior(Duration.ofMinutes(20), Duration.ofHours(1)) : prior;
            priors = priors == null ? List.of() : List.copyOf(priors);
            atRiskLanding = atRiskLanding == null ? 0.25 : atRiskLanding;
            atRiskBelow = atRiskBelow == null ? Duration.ZERO : atRiskBelow;
            criticalBelow = criticalBelow == null ? Duration.ZERO : criticalBelow;
            recoverAbove = recoverAbove == null ? Duration.ofMinutes(15) : recoverAbove;
            confirmFor = confirmFor == null ? Duration.ofMinutes(10) : confirmFor;
        }

        /** The prior durations of a processor: its own entry in {@code priors}, else {@code prior}. */
        public DurationPrior priorOf(String processor) {
            return priors.stream().filter(p -> p.processor().equals(processor)).findFirst()
                    .map(p -> new DurationPrior(p.p50(), p.p95())).orElse(prior);
        }
    }

    /** Assumed median and 95th-percentile run durations. */
    public record DurationPrior(Duration p50, Duration p95) {
    }

    public record ProcessorPrior(String processor, Duration p50, Duration p95) {
    }
}
