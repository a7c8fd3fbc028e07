package dev.rebound.coveragemonitor;

import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.internal.BackfillPlanCompleted;
import dev.rebound.events.internal.BackfillPlanCreated;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.internal.PlanStep;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PubSubTestClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Jan 23 incident through a running coverage-monitor, from the break to the archive: the seed's slate and stale
 * rosters and the PGS(Jan 22) run that started, went silent and was declared stuck (fed as Jan23IncidentTest feeds
 * them); the gaps the service raises; the repair as the orchestrator and the processors report it (plan, triggers,
 * re-runs with their starts and heartbeats, completions, step and plan lifecycle), stamped on the scenario clock in
 * the order it happens; the resolutions the service publishes; then every message of every topic in the archive.
 */
final class Jan23Repair {
    static final String PGS = "PlayerGameSummaryProcessor";
    static final String CHAIN = "chain-pgs-0122";
    static final String PLAN = "plan-pgs-0122";
    private static final LocalDate JAN_23 = LocalDate.parse("2026-01-23");
    private static final LocalDate JAN_22 = LocalDate.parse("2026-01-22");
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final List<String> PHASE_PROCESSORS = List.of("UpcomingPlayerGameContextProcessor",
            "PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor", "PredictionCoordinator");
    private static final List<String> GAP_GAMES = List.of("20260123_DEN_MIL", "20260123_SAC_CLE",
            "20260123_TOR_POR");

    private final StateStore store;
    private final ScenarioClock clock;
    private final PubSubTestClient pubsub;
    private final List<Topology.RunKey> runs = Slate.TOPOLOGY.dependentsOf(new Topology.RunKey(PGS, JAN_22));
    private final List<PlanStep> steps = new ArrayList<>();
    private Instant firstTipoff;

    Jan23Repair(StateStore store, ScenarioClock clock, PubSubTestClient pubsub) {
        this.store = store;
        this.clock = clock;
        this.pubsub = pubsub;
        // the orchestrator's plan: the stuck run and everything downstream of it, in topological order
        for (int i = 0; i < runs.size(); i++) {
            steps.add(new PlanStep("s" + (i + 1), runs.get(i).processor(), runs.get(i).dataDate(),
                    i == 0 ? List.of() : List.of("s" + i), null));
        }
    }

    /** Published now on the scenario clock, so the events' own times follow the order they were sent in. */
    private <T extends EventPayload> void send(Function<Instant, T> payload, String correlationId) {
        Instant at = clock.instant();
        pubsub.publish(Event.of("//tests/history", at, payload.apply(at), correlationId));
    }

    private int alertsOnJan23(EventType type) {
        return (int) pubsub.receivedOfType(Topics.PIPELINE_ALERTS, type.ceType()).stream()
                .filter(m -> m.getMessage().getData().toStringUtf8().contains("\"2026-01-23\"")).count();
    }

    private boolean seen(String sql) {
        return !store.query(Sql.of(sql)).isEmpty();
    }

    /** Until coverage-monitor has raised the three gaps; returns the evening's first tip-off (three hours ahead). */
    Instant breakAndDetect() {
        firstTipoff = clock.instant().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        Slate slate = new Slate(store);
        Map<String, LocalDate> rosterDates = new HashMap<>();
        Slate.TOPOLOGY.config().rosters().teams()
                .forEach(t -> rosterDates.put(t, Slate.STALE_TEAMS.contains(t) ? JAN_22.minusDays(8) : JAN_22));
        slate.rosters(rosterDates);
        slate.games(JAN_23, Slate.jan23(firstTipoff), Set.of("POR", "SAC"));

        Instant started = Instant.parse("2026-01-23T08:00:00Z");
        pubsub.publish(Event.of("//tests/history", started, new ProcessorStarted(PGS, "run-pgs-0122", JAN_22,
                started, 60, RunTrigger.SCHEDULED), null));
        pubsub.publish(Event.of("//tests/history", started.plusSeconds(60), new ProcessorHeartbeat(PGS,
                "run-pgs-0122", JAN_22, started.plusSeconds(60), new ProcessorHeartbeat.Progress(1, 9)), null));
        pubsub.publish(Event.of("//tests/history", started.plusSeconds(245), new ProcessorStuck(PGS,
                "run-pgs-0122", JAN_22, started.plusSeconds(60), 185, 180, started.plusSeconds(245)), CHAIN));
        send(at -> new RosterStale(at, 3, 30, Slate.STALE_TEAMS.stream().sorted()
                .map(t -> new RosterStale.StaleTeam(t, JAN_22.minusDays(8), 9)).toList(), List.of(),
                Severity.CRITICAL, "espn-team-rosters"), null);
        send(at -> new ProcessorFailed("PlayerDailyCacheProcessor", "run-pdc-0123", JAN_23, at,
                ProcessorFailed.Reason.UPSTREAM_MISSING, PGS + " 2026-01-22 has not completed", true), CHAIN);
        await().atMost(WAIT).until(() -> seen("SELECT * FROM coverage_runs WHERE processor = '" + PGS + "'")
                && seen("SELECT * FROM coverage_runs WHERE processor = 'PlayerDailyCacheProcessor'")
                && seen("SELECT * FROM coverage_roster_teams WHERE team = 'POR'"));
        for (String processor : PHASE_PROCESSORS) {
            send(at -> new ProcessorCompleted(processor, "run-" + processor + "-0123", JAN_23, at, 100), null);
        }
        await().atMost(WAIT).until(() -> alertsOnJan23(EventType.COVERAGE_GAP) >= 3);
        return firstTipoff;
    }

    /** The plan and its first trigger, until coverage-monitor shows the plan running. */
    void plan() {
        send(at -> new BackfillPlanCreated(PLAN, at, PGS, JAN_22, "stuck", List.of(), steps, firstTipoff), CHAIN);
        send(at -> new BackfillStepTriggered(PLAN, "s1", PGS, JAN_22, 1, at, false, List.of(), null), CHAIN);
        await().atMost(WAIT).until(() -> seen("SELECT * FROM coverage_plan_steps WHERE plan_id = '" + PLAN
                + "' AND state <> 'pending'"));
    }

    /** Every step re-run in order (predictions written before the last), until the three gaps are resolved. */
    void repair() {
        for (int i = 0; i < runs.size(); i++) {
            if (i == runs.size() - 1) {
                Slate slate = new Slate(store);
                for (String gameId : GAP_GAMES) {
                    slate.predictions(JAN_23, gameId,
                            Slate.players(gameId.substring(gameId.lastIndexOf('_') + 1)).subList(0, 10));
                }
            }
            rerun(steps.get(i).stepId(), runs.get(i));
        }
        send(at -> new BackfillPlanCompleted(PLAN, at, PGS, JAN_22, steps.size(), 0, List.of()), CHAIN);
        await().atMost(WAIT).until(() -> alertsOnJan23(EventType.COVERAGE_RESOLVED) >= 3
                && seen("SELECT * FROM coverage_plans WHERE plan_id = '" + PLAN + "' AND state = 'completed'"));
    }

    private void rerun(String stepId, Topology.RunKey run) {
        String runId = "run-" + run.processor() + "-" + run.dataDate() + "-r1";
        if (!stepId.equals(steps.get(0).stepId())) {
            send(at -> new BackfillStepTriggered(PLAN, stepId, run.processor(), run.dataDate(), 1, at, false,
                    List.of(), null), CHAIN);
        }
        send(at -> new ProcessorStarted(run.processor(), runId, run.dataDate(), at, 60, RunTrigger.BACKFILL, PLAN),
                CHAIN);
        send(at -> new ProcessorHeartbeat(run.processor(), runId, run.dataDate(), at,
                new ProcessorHeartbeat.Progress(1, 2)), CHAIN);
        send(at -> new ProcessorCompleted(run.processor(), runId, run.dataDate(), at, 100), CHAIN);
        send(at -> new BackfillStepDone(PLAN, stepId, run.processor(), run.dataDate(), 1,
                BackfillStepDone.Outcome.COMPLETED, at, false, List.of(), runId, null), CHAIN);
    }

    /** Every message the probes saw, into the event archive; returns how many rows were written. */
    int archive() {
        return ArchiveWriter.archiveEverything(pubsub, store);
    }
}
