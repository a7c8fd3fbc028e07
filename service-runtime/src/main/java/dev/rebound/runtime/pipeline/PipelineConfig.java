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
        List<Processor> processors, List<Edge> edges, Heartbeats heartbeats, Coverage coverage, Repair repair) {

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
}
