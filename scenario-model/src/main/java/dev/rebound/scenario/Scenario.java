package dev.rebound.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A replayable day of the upstream world: teams and their rosters, the schedule, files scrapers land, how each
 * processor behaves per attempt, the pipeline's own scheduled runs, malformed messages to inject, restarts and
 * faults of the infrastructure, and what Rebound must have achieved by the end.
 * Loaded and validated by {@link ScenarioLoader}; docs/scenarios.md documents every field.
 */
public record Scenario(String name, String description, Instant start, Instant end, Double speed, String pipeline,
        Integer heartbeatIntervalS, Boolean cloudScheduler, Map<String, Team> teams, List<Game> schedule,
        List<FileLanding> files, Map<String, ProcessorModel> processors, List<Behaviour> behaviours,
        List<ScheduledRun> runs, List<Storm> storms, List<HistoryRun> history, List<Poison> poison,
        List<Restart> restarts, List<Fault> faults, List<Expectation> expectations) {

    public static final int DEFAULT_HEARTBEAT_INTERVAL_S = 60;

    /** A team's roster as it stands at the start: its players and the date of its latest roster rows. */
    public record Team(int players, LocalDate rosterDate) {
    }

    public record Game(LocalDate gameDate, String gameId, String home, String away, Instant tipoff) {
    }

    /**
     * Objects a scraper lands in Cloud Storage at a sim time, published as Cloud Storage notifications. {@code object}
     * is a template with {date} and {key}; keys default to every team of the scenario.
     */
    public record FileLanding(Instant at, String scraper, LocalDate dataDate, String bucket, String object,
            List<String> keys) {
    }

    /** How a processor does its work when it succeeds. */
    public record ProcessorModel(Duration duration, Output writes, List<Requirement> requires, Boolean loadsRosters) {
        public boolean rosterLoader() {
            return Boolean.TRUE.equals(loadsRosters);
        }
    }

    /**
     * The rows a successful run writes for its data date D. rows = {@code roster_players}: one row per player of each
     * team playing on D whose latest roster (on or before D) is at most {@code maxRosterAgeDays} old (no limit when
     * absent); rows = {@code table}: one row per row of {@code from} for D. Columns map to literals or to
     * {@code $date $game $team $player $now $run_id}.
     */
    public record Output(String table, String dateColumn, String rows, Integer maxRosterAgeDays, Source from,
            Map<String, Object> columns) {
    }

    /** Rows of an upstream table for a date: what a {@code table} output derives from. */
    public record Source(String table, String dateColumn, String gameColumn, String playerColumn, String teamColumn,
            String filter) {
    }

    /** The real processor's binary check: fewer than minRows rows for D + dateOffsetDays fails with upstream_missing. */
    public record Requirement(String table, String dateColumn, Integer dateOffsetDays, Integer minRows) {
        public int offset() {
            return dateOffsetDays == null ? 0 : dateOffsetDays;
        }

        public int min() {
            return minRows == null ? 1 : minRows;
        }
    }

    /** The attempts of one processor run (processor, data date), in order; later attempts succeed. */
    public record Behaviour(String processor, LocalDate dataDate, List<Attempt> attempts) {
    }

    /**
     * One attempt: {@code succeed} after {@code after} (default: the processor's duration); {@code slow}: alive all
     * along but succeeds only after {@code after} (required), its heartbeats reporting progress (done of total) at the
     * pace that gets there; {@code stall}: heartbeats stop after {@code after} and the run never ends; {@code fail}:
     * fails with reason after {@code after};
     * {@code crash_loop}: fails with reason error after {@code after}, on this attempt and every later one.
     * {@code duplicates}: every event of the attempt is published that many times with the same ce-id.
     */
    public record Attempt(Outcome outcome, Duration after, String reason, String message, Boolean retryable,
            Integer duplicates) {
        public int copies() {
            return duplicates == null || duplicates < 1 ? 1 : duplicates;
        }
    }

    public enum Outcome {
        succeed, slow, stall, fail, crash_loop
    }

    /**
     * A run that completed before the scenario starts (yesterday's pipeline): announced at startup with its own
     * times, so the services know it happened; it writes nothing.
     */
    public record HistoryRun(String processor, LocalDate dataDate, Instant completedAt, Long recordsWritten) {
    }

    /** A run the pipeline starts on its own (its scheduler), at a sim time. */
    public record ScheduledRun(Instant at, String processor, LocalDate dataDate) {
    }

    /**
     * A replay/duplicate storm at a sim time: the completed event of (processor, data date) is published again
     * {@code sameId} times with its original ce-id and {@code freshIds} times with new ce-ids.
     */
    public record Storm(Instant at, String processor, LocalDate dataDate, Integer sameId, Integer freshIds) {
    }

    /**
     * A malformed message published to a real topic at a sim time (by the launcher, which plays the faulty producer):
     * every service subscribed to the topic must quarantine it with its reason and acknowledge it. {@code ce_type}
     * defaults to the topic's first event type; {@code attribute} names the required attribute a
     * {@code missing_attribute} message lacks.
     */
    public record Poison(Instant at, String topic, PoisonKind kind, String ceType, String attribute) {
    }

    /**
     * A rolling restart at a sim time, as a deploy does it: one instance of a service is killed (kill -9, nothing
     * flushed) and a fresh one started in its place while the other instances go on. Instances are numbered from 0;
     * a restart of an instance the mesh does not run (a mesh of fewer instances) is skipped and reported.
     */
    public record Restart(Instant at, String service, Integer instance) {
    }

    /**
     * A fault of the infrastructure the services run on, at a sim time, whatever the number of instances: the mesh,
     * not one service, is hit.
     */
    public record Fault(Instant at, FaultKind kind) {
    }

    /**
     * {@code emulator_restart}: the Pub/Sub emulator is killed (-9) and started again on its port, and the topics and
     * subscriptions are provisioned again from the topic catalog, as Terraform would create them.
     */
    public enum FaultKind {
        emulator_restart
    }

    /**
     * {@code not_json}: data that is not JSON; {@code wrong_schema}: a JSON object without the event's required
     * fields; {@code missing_attribute}: a valid-looking message without one required CloudEvents attribute.
     */
    public enum PoisonKind {
        not_json, wrong_schema, missing_attribute
    }

    public int heartbeatInterval() {
        return heartbeatIntervalS == null ? DEFAULT_HEARTBEAT_INTERVAL_S : heartbeatIntervalS;
    }

    public boolean playsCloudScheduler() {
        return cloudScheduler == null || cloudScheduler;
    }

    public double defaultSpeed() {
        return speed == null ? 240 : speed;
    }

    public Optional<ProcessorModel> processor(String name) {
        return Optional.ofNullable(processors.get(name));
    }

    public List<Game> gamesOn(LocalDate date) {
        return schedule.stream().filter(g -> g.gameDate().equals(date)).toList();
    }

    /** The first tip-off of a game date, if the schedule has games that day. */
    public Optional<Instant> firstTipoff(LocalDate date) {
        return gamesOn(date).stream().map(Game::tipoff).min(Instant::compareTo);
    }

    /** The deterministic player ids of a team: what the roster files contain. */
    public List<String> playersOf(String team) {
        Team t = teams.get(team);
        if (t == null) {
            return List.of();
        }
        return java.util.stream.IntStream.rangeClosed(1, t.players())
                .mapToObj(i -> team.toLowerCase(java.util.Locale.ROOT) + "_player_" + (i < 10 ? "0" + i : i))
                .toList();
    }

    /** The attempt an n-th run (1-based) of (processor, date) plays; empty means succeed normally. */
    public Optional<Attempt> attempt(String processor, LocalDate dataDate, int n) {
        for (Behaviour b : behaviours) {
            if (b.processor().equals(processor) && b.dataDate().equals(dataDate)) {
                List<Attempt> attempts = b.attempts();
                for (int i = 0; i < Math.min(n, attempts.size()); i++) {
                    if (attempts.get(i).outcome() == Outcome.crash_loop) {
                        return Optional.of(attempts.get(i));
                    }
                }
                return n <= attempts.size() ? Optional.of(attempts.get(n - 1)) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
