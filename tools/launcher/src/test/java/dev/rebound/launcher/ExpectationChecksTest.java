package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.Cause;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.Severity;
import dev.rebound.events.TraceContext;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.internal.BackfillStepDone;
import dev.rebound.events.internal.BackfillStepTriggered;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.events.v1.ScraperCompleted;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.scenario.Expectation;
import dev.rebound.scenario.Scenario;
import dev.rebound.scenario.ScenarioLoader;
import dev.rebound.testing.TestPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verdict's checks over a seeded database and archive: each holds on the right data and fails on the wrong. */
class ExpectationChecksTest {
    static final Path CASCADE = Path.of("../../scenarios/2026-01-23-cascade.yaml");
    static final LocalDate D = LocalDate.parse("2026-01-23");
    static final Instant T0 = Instant.parse("2026-01-23T06:00:00Z");

    private final EventCodec codec = new EventCodec();
    private final List<ArchivedEvent> archive = new ArrayList<>();
    private Connection db;
    private Scenario scenario;
    private Topology topology;

    @BeforeEach
    void seed() throws Exception {
        scenario = ScenarioLoader.load(CASCADE);
        topology = ScenarioLoader.topologyOf(CASCADE.toString(), scenario);
        db = pipelineTables(scenario);
    }

    /** A fresh database with the pipeline's tables, the scenario's schedule in its schedule table. */
    static Connection pipelineTables(Scenario scenario) throws Exception {
        Connection db = DriverManager.getConnection(TestPostgres.freshDatabase("checks"));
        try (InputStream in = ExpectationChecksTest.class.getClassLoader().getResourceAsStream(
                "rebound/pipelines/nba-player-props-tables.sql"); Statement st = db.createStatement()) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
            for (String stmt : script.split(";")) {
                if (!stmt.isBlank()) {
                    st.execute(stmt);
                }
            }
        }
        try (PreparedStatement st = db.prepareStatement("INSERT INTO nba_raw.nbac_schedule VALUES (?, ?, ?, ?, ?)")) {
            for (Scenario.Game g : scenario.schedule()) {
                st.setObject(1, g.gameDate());
                st.setObject(2, g.gameId());
                st.setObject(3, g.home());
                st.setObject(4, g.away());
                st.setObject(5, java.time.OffsetDateTime.ofInstant(g.tipoff(), java.time.ZoneOffset.UTC));
                st.executeUpdate();
            }
        }
        return db;
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private void exec(String sql, Object... params) throws Exception {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
        }
    }

    private void archived(String source, Instant time, EventPayload payload) {
        EncodedMessage m = codec.encode(Event.of(UUID.randomUUID().toString(), source, time, payload, null, Map.of()));
        archive.add(new ArchivedEvent("x--archive", UUID.randomUUID().toString(), time, m.attributes(),
                ArchivedEvent.parse(m.data())));
    }

    private ExpectationChecks.Result check(Expectation.Type type) throws Exception {
        Expectation e = scenario.expectations().stream().filter(x -> x.type() == type).findFirst().orElseThrow();
        return new ExpectationChecks(scenario, topology, archive, db).check(e);
    }

    private void predictions(String game, int players) throws Exception {
        for (int i = 0; i < players; i++) {
            exec("INSERT INTO nba_predictions.player_prop_predictions (game_date, game_id, player_lookup, prop_type, "
                    + "is_active) VALUES (?, ?, ?, 'points', TRUE)", D, game, game + "_p" + i);
        }
    }

    private void stuckRun(Duration silence) {
        LocalDate d22 = D.minusDays(1);
        String run = "PGS-run-1";
        archived("//rebound/pipeline-simulator", T0, new ProcessorStarted("PlayerGameSummaryProcessor", run, d22, T0, 60,
                RunTrigger.SCHEDULED));
        Instant last = T0.plusSeconds(120);
        archived("//rebound/pipeline-simulator", last, new ProcessorHeartbeat("PlayerGameSummaryProcessor", run, d22,
                last, null));
        Instant detected = last.plus(silence);
        archived("//rebound/heartbeat-tracker", detected, new ProcessorStuck("PlayerGameSummaryProcessor", run, d22, last,
                silence.toSeconds(), 180, detected));
    }

    @Test
    void stuckDetectedWithinThresholdPlusAllowanceHolds() throws Exception {
        stuckRun(Duration.ofSeconds(200));
        assertThat(check(Expectation.Type.stuck_detected).held()).isTrue();
    }

    @Test
    void stuckDetectedTooLateOrNeverFails() throws Exception {
        assertThat(check(Expectation.Type.stuck_detected).detail()).contains("no stuck alert");
        stuckRun(Duration.ofHours(4));
        ExpectationChecks.Result late = check(Expectation.Type.stuck_detected);
        assertThat(late.held()).isFalse();
        assertThat(late.detail()).contains("later than 180 s");
    }

    @Test
    void predictionsNeedEveryGameAtTheMinimum() throws Exception {
        for (Scenario.Game g : scenario.gamesOn(D)) {
            predictions(g.gameId(), g.gameId().endsWith("TOR_POR") ? 0 : 9);
        }
        archived("//rebound/pipeline-simulator/PredictionCoordinator", T0.plusSeconds(3600),
                new ProcessorCompleted("PredictionCoordinator", "pc-1", D, T0.plusSeconds(3600), 63));
        ExpectationChecks.Result seedDay = check(Expectation.Type.predictions_cover_games);
        assertThat(seedDay.held()).isFalse();
        assertThat(seedDay.detail()).contains("20260123_TOR_POR=0");
        predictions("20260123_TOR_POR", 8);
        assertThat(check(Expectation.Type.predictions_cover_games).held()).isTrue();
    }

    @Test
    void repairStepsOutOfDependencyOrderFail() throws Exception {
        step("plan-a", "PlayerGameSummaryProcessor", D.minusDays(1), T0);
        step("plan-a", "PlayerDailyCacheProcessor", D, T0.plusSeconds(600));
        assertThat(check(Expectation.Type.repair_in_dependency_order).held()).isTrue();
        step("plan-b", "MLFeatureStoreProcessor", D, T0.plusSeconds(100));
        step("plan-b", "UpcomingPlayerGameContextProcessor", D, T0.plusSeconds(200));
        ExpectationChecks.Result wrong = check(Expectation.Type.repair_in_dependency_order);
        assertThat(wrong.held()).isFalse();
        assertThat(wrong.detail()).contains("MLFeatureStoreProcessor(2026-01-23) triggered before its upstream "
                + "UpcomingPlayerGameContextProcessor(2026-01-23)");
    }

    private void step(String plan, String processor, LocalDate date, Instant at) {
        archived("//rebound/backfill-orchestrator", at, new BackfillStepTriggered(plan, processor + "@" + date, processor,
                date, 1, at, false, List.of(), null));
    }

    @Test
    void rostersRefreshedNeedsTheBridgeAndEveryTeamFresh() throws Exception {
        Instant bridged = T0.plusSeconds(90);
        assertThat(check(Expectation.Type.rosters_refreshed_via_bridge).detail()).contains("gcs-notification");
        archived("//rebound/roster-watcher", bridged, new ScraperCompleted("espn_team_roster", D, bridged,
                List.of("gs://nba-scraped-data/espn/rosters/2026-01-23/team_POR.json"),
                ScraperCompleted.Source.GCS_NOTIFICATION));
        archived("//rebound/pipeline-simulator/EspnTeamRosterProcessor", bridged.plusSeconds(180),
                new ProcessorCompleted("EspnTeamRosterProcessor", "espn-1", D, bridged.plusSeconds(180), 240));
        for (String team : topology.config().rosters().teams()) {
            exec("INSERT INTO nba_raw.espn_team_rosters (roster_date, team_abbr, player_lookup) VALUES (?, ?, ?)",
                    team.equals("POR") ? LocalDate.parse("2026-01-14") : D, team, team + "_p1");
        }
        ExpectationChecks.Result porStale = check(Expectation.Type.rosters_refreshed_via_bridge);
        assertThat(porStale.held()).isFalse();
        assertThat(porStale.detail()).contains("POR=2026-01-14");
        exec("INSERT INTO nba_raw.espn_team_rosters (roster_date, team_abbr, player_lookup) VALUES (?, 'POR', 'p')", D);
        assertThat(check(Expectation.Type.rosters_refreshed_via_bridge).held()).isTrue();
    }

    @Test
    void gapAlertsMustComeBeforeTheDeadlineWithRootCauses() throws Exception {
        Instant late = Instant.parse("2026-01-23T22:30:00Z");
        List<Cause> causes = List.of(new Cause("EspnTeamRosterProcessor", D, "stale", "POR roster 9 days old"));
        for (String game : List.of("20260123_TOR_POR", "20260123_SAC_CLE", "20260123_DEN_MIL")) {
            archived("//rebound/coverage-monitor", late, new CoverageGap(D, game, Instant.parse("2026-01-24T00:00:00Z"),
                    "context", 0, 8, late, Severity.CRITICAL, causes));
        }
        assertThat(check(Expectation.Type.coverage_gap_alerted).held()).isFalse();
        Instant early = T0.plusSeconds(400);
        for (String game : List.of("20260123_TOR_POR", "20260123_SAC_CLE")) {
            archived("//rebound/coverage-monitor", early, new CoverageGap(D, game, Instant.parse("2026-01-24T00:00:00Z"),
                    "context", 0, 8, early, Severity.WARNING, causes));
        }
        archived("//rebound/coverage-monitor", early, new CoverageGap(D, "20260123_DEN_MIL",
                Instant.parse("2026-01-24T00:00:00Z"), "context", 6, 8, early, Severity.WARNING, List.of()));
        ExpectationChecks.Result noCause = check(Expectation.Type.coverage_gap_alerted);
        assertThat(noCause.held()).isFalse();
        assertThat(noCause.detail()).contains("[20260123_DEN_MIL]");
        archived("//rebound/coverage-monitor", early, new CoverageGap(D, "20260123_DEN_MIL",
                Instant.parse("2026-01-24T00:00:00Z"), "context", 6, 8, early, Severity.WARNING, causes));
        assertThat(check(Expectation.Type.coverage_gap_alerted).held()).isTrue();
    }

    @Test
    void theNegativeControlCannotPassOnAPerfectDay() throws Exception {
        Scenario impossible = ScenarioLoader.load(Path.of("../../scenarios/negative-control-impossible.yaml"));
        for (Scenario.Game g : impossible.gamesOn(D)) {
            predictions(g.gameId(), 20);
        }
        archived("//rebound/pipeline-simulator/PredictionCoordinator", T0.plusSeconds(3600),
                new ProcessorCompleted("PredictionCoordinator", "pc-1", D, T0.plusSeconds(3600), 160));
        List<ExpectationChecks.Result> results = new ExpectationChecks(impossible, topology, archive, db).evaluate();
        // every scenario ends with the duplicate-run guard, which a perfect day keeps; everything else is impossible
        assertThat(results).filteredOn(r -> r.expectation().type() == Expectation.Type.no_duplicate_runs)
                .singleElement().satisfies(r -> assertThat(r.held()).isTrue());
        assertThat(results).filteredOn(r -> r.expectation().type() != Expectation.Type.no_duplicate_runs)
                .isNotEmpty().noneMatch(ExpectationChecks.Result::held);
        assertThat(new Verdict(impossible.name(), results, Duration.ZERO, List.of()).passed()).isFalse();
    }

    private ExpectationChecks.Result check(Expectation e, ServiceReadings readings) throws Exception {
        return new ExpectationChecks(scenario, topology, archive, db, readings).check(e);
    }

    private List<Expectation> ofType(Expectation.Type type) {
        return scenario.expectations().stream().filter(x -> x.type() == type).toList();
    }

    private static Expectation describedAs(List<Expectation> list, String fragment) {
        return list.stream().filter(x -> x.description().contains(fragment)).findFirst().orElseThrow();
    }

    private static PrometheusText quarantined(String service, Map<String, Integer> perPath) {
        StringBuilder text = new StringBuilder("# TYPE rebound_events_quarantined_total counter\n");
        perPath.forEach((path, n) -> text.append("rebound_events_quarantined_total{path=\"").append(path)
                .append("\",service=\"").append(service).append("\"} ").append(n).append(".0\n"));
        return PrometheusText.parse(text.toString());
    }

    private static ServiceReadings metrics(Map<String, PrometheusText> perService) {
        Map<String, List<PrometheusText>> one = new java.util.LinkedHashMap<>();
        perService.forEach((service, text) -> one.put(service, List.of(text)));
        return new ServiceReadings(one, Map.of(), Map.of());
    }

    @Test
    void theCascadesQuarantineCountsHoldPerServiceOnlyWhenEachGotItsOwn() throws Exception {
        Map<String, PrometheusText> right = new java.util.LinkedHashMap<>();
        right.put("heartbeat-tracker", quarantined("heartbeat-tracker", Map.of("data", 2, "data.run_id", 1)));
        right.put("roster-watcher", quarantined("roster-watcher", Map.of("data.run_id", 1)));
        right.put("coverage-monitor", quarantined("coverage-monitor", Map.of("data", 1, "data.run_id", 1,
                "attributes.ce-id", 1)));
        right.put("backfill-orchestrator", quarantined("backfill-orchestrator", Map.of("data", 1, "data.run_id", 1,
                "attributes.ce-id", 1)));
        List<Expectation> metricChecks = ofType(Expectation.Type.metric);
        Expectation tracker = describedAs(metricChecks, "heartbeat-tracker quarantined");
        Expectation ceId = describedAs(metricChecks, "without a ce-id");

        assertThat(check(tracker, metrics(right)).held()).isTrue();
        ExpectationChecks.Result summed = check(ceId, metrics(right));
        assertThat(summed.held()).isTrue();
        assertThat(summed.detail()).contains("coverage-monitor 1").contains("heartbeat-tracker 0");

        // one service quarantined a message twice and another none: the total is the same, the verdict is not
        right.put("heartbeat-tracker", quarantined("heartbeat-tracker", Map.of("data", 3, "data.run_id", 1)));
        right.put("roster-watcher", quarantined("roster-watcher", Map.of()));
        ExpectationChecks.Result twice = check(tracker, metrics(right));
        assertThat(twice.held()).isFalse();
        assertThat(twice.detail()).contains("= 4").contains("expected = 3");
        ExpectationChecks.Result none = check(describedAs(metricChecks, "roster-watcher quarantined"), metrics(right));
        assertThat(none.held()).isFalse();
        assertThat(none.detail()).contains("never written, counted as 0");
    }

    @Test
    void aServiceWhoseMetricsCannotBeReadFailsTheCheck() throws Exception {
        Expectation summed = describedAs(ofType(Expectation.Type.metric), "without a ce-id");
        ServiceReadings down = new ServiceReadings(Map.of("heartbeat-tracker", List.of(quarantined("heartbeat-tracker",
                Map.of()))), Map.of("coverage-monitor", "coverage-monitor /q/metrics cannot be read: Connection refused"),
                Map.of());

        ExpectationChecks.Result result = check(summed, down);
        assertThat(result.held()).isFalse();
        assertThat(result.detail()).contains("Connection refused").contains("roster-watcher: not scraped");
    }

    @Test
    void theStuckAlertLogLineIsCountedInTheServicesLog(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Expectation once = ofType(Expectation.Type.log_lines).get(0);
        Path log = dir.resolve("heartbeat-tracker.log");
        String stuck = "2026-11-28 17:03:10,001 CRITICAL [rebound.alerts] (executor-thread-1) pipeline.processor.stuck.v1 "
                + "PlayerGameSummaryProcessor 2026-01-22 run pgs-1 silent for PT3M10S (threshold PT3M)";
        java.nio.file.Files.write(log, List.of(
                "2026-11-28 17:02:52,241 INFO  [dev.rebound.runtime.pipeline.PipelineProducer] (main) Pipeline loaded",
                stuck,
                "2026-11-28 17:03:11,000 WARN  [dev.rebound.runtime.push.Quarantine] (executor-thread-2) Quarantined "
                        + "pipeline.processor.stuck.v1 PlayerGameSummaryProcessor 2026-01-22 run x"));
        ServiceReadings readings = new ServiceReadings(Map.of(), Map.of(), Map.of("heartbeat-tracker", List.of(log)));

        ExpectationChecks.Result one = check(once, readings);
        assertThat(one.held()).as(one.detail()).isTrue();
        assertThat(one.detail()).contains("1 line(s)");

        java.nio.file.Files.writeString(log, stuck + "\n", java.nio.file.StandardOpenOption.APPEND);
        ExpectationChecks.Result two = check(once, readings);
        assertThat(two.held()).isFalse();
        assertThat(two.detail()).contains("2 line(s)");
        assertThat(check(once, ServiceReadings.none()).detail()).contains("no log of heartbeat-tracker");
    }

    @Test
    void thePoisonTheLauncherSentIsNotCountedAsAnEventOfThePipeline() throws Exception {
        Expectation allQuarantined = ofType(Expectation.Type.event_count).get(0);
        for (int i = 0; i < allQuarantined.value().intValue(); i++) {
            archive.add(new ArchivedEvent("rebound-quarantine--archive", "q" + i, T0, Map.of("ce-id", "q-" + i,
                    "ce-type", "rebound.event.quarantined.v1", "ce-time", T0.toString()), null));
        }
        assertThat(check(allQuarantined, ServiceReadings.none()).held()).isTrue();

        EncodedMessage poison = PoisonMessages.message(new Scenario.Poison(T0, "rebound-quarantine",
                Scenario.PoisonKind.wrong_schema, "rebound.event.quarantined.v1", null), T0);
        archive.add(new ArchivedEvent("rebound-quarantine--archive", "p1", T0, poison.attributes(),
                ArchivedEvent.parse(poison.data())));
        assertThat(check(allQuarantined, ServiceReadings.none()).held()).isTrue();

        archive.add(new ArchivedEvent("rebound-quarantine--archive", "q11", T0, Map.of("ce-id", "q-11",
                "ce-type", "rebound.event.quarantined.v1", "ce-time", T0.toString()), null));
        assertThat(check(allQuarantined, ServiceReadings.none()).detail()).contains("12 ×");
    }

    private void traced(String source, Instant time, EventPayload payload, TraceContext trace) {
        EncodedMessage m = codec.encode(Event.of(UUID.randomUUID().toString(), source, time, payload, null,
                Map.of(TraceContext.ATTRIBUTE, trace.traceparent())));
        archive.add(new ArchivedEvent("x--archive", UUID.randomUUID().toString(), time, m.attributes(),
                ArchivedEvent.parse(m.data())));
    }

    @Test
    void aRepairChainIsOneTraceOnlyIfEveryHopPassedTheTraceOn() throws Exception {
        Expectation rerun = ofType(Expectation.Type.same_trace).stream()
                .filter(x -> x.ceType().equals("pipeline.processor.trigger.v1")
                        && "PlayerGameSummaryProcessor".equals(x.match().get("processor"))).findFirst().orElseThrow();
        LocalDate d22 = D.minusDays(1);
        TraceContext chain = TraceContext.newRoot();
        Instant t = T0.plusSeconds(300);
        // the stuck run itself started in the same trace earlier: a cause, which must not count as the re-run
        traced("//rebound/pipeline-simulator/PlayerGameSummaryProcessor", T0, new ProcessorStarted(
                "PlayerGameSummaryProcessor", "pgs-1", d22, T0, 60, RunTrigger.SCHEDULED), chain.child());
        traced("//rebound/backfill-orchestrator", t, new ProcessorTrigger("PlayerGameSummaryProcessor", d22,
                "backfill: stuck", "bf-1", 1, t), chain.child());
        traced("//rebound/pipeline-simulator/PlayerGameSummaryProcessor", t.plusSeconds(5), new ProcessorStarted(
                "PlayerGameSummaryProcessor", "pgs-2", d22, t.plusSeconds(5), 60, RunTrigger.BACKFILL), chain.child());
        // the processor dropped the traceparent: its completion starts a trace of its own
        TraceContext dropped = TraceContext.newRoot();
        Instant done = t.plusSeconds(600);
        rerunAndNextStep(done, d22, dropped, dropped);

        ExpectationChecks.Result broken = check(rerun, ServiceReadings.none());
        assertThat(broken.held()).isFalse();
        assertThat(broken.detail()).contains("trace " + chain.traceId() + " has no [pipeline.processor.completed.v1, "
                + "rebound.backfill.step_done.v1, pipeline.processor.trigger.v1]");

        archive.removeIf(ev -> TraceContext.parse(ev.attributes().get(TraceContext.ATTRIBUTE))
                .map(tc -> tc.traceId().equals(dropped.traceId())).orElse(false));
        rerunAndNextStep(done, d22, chain.child(), chain);
        ExpectationChecks.Result whole = check(rerun, ServiceReadings.none());
        assertThat(whole.held()).as(whole.detail()).isTrue();
        assertThat(whole.detail()).startsWith("trace " + chain.traceId() + ": pipeline.processor.trigger (backfill-orchestrator");
    }

    /** The re-run's completion (in {@code completion}), then the orchestrator's step_done and next trigger (children of
     * {@code orchestrator}). */
    private void rerunAndNextStep(Instant done, LocalDate d22, TraceContext completion, TraceContext orchestrator) {
        traced("//rebound/pipeline-simulator/PlayerGameSummaryProcessor", done, new ProcessorCompleted(
                "PlayerGameSummaryProcessor", "pgs-2", d22, done, 140), completion);
        traced("//rebound/backfill-orchestrator", done.plusSeconds(5), new BackfillStepDone("bf-1",
                "PlayerGameSummaryProcessor@" + d22, "PlayerGameSummaryProcessor", d22, 1,
                BackfillStepDone.Outcome.COMPLETED, done.plusSeconds(5), false, List.of(), "pgs-2", null),
                orchestrator.child());
        traced("//rebound/backfill-orchestrator", done.plusSeconds(6), new ProcessorTrigger("PlayerDailyCacheProcessor",
                D, "backfill: stuck", "bf-1", 1, done.plusSeconds(6)), orchestrator.child());
    }
    private void run(String runId, String processor, Instant start, Instant end, String backfillId) {
        String sim = "//rebound/pipeline-simulator/" + processor;
        archived(sim, start, new ProcessorStarted(processor, runId, D, start, 60,
                backfillId == null ? RunTrigger.SCHEDULED : RunTrigger.BACKFILL, backfillId));
        if (end != null) {
            archived(sim, end, new ProcessorCompleted(processor, runId, D, end, 10));
        }
    }

    @Test
    void runsOfOneProcessorAndDateMayFollowEachOtherButNotOverlap() throws Exception {
        String context = "UpcomingPlayerGameContextProcessor";
        run("ctx-1", context, T0, T0.plusSeconds(300), null);
        run("ctx-2", context, T0.plusSeconds(300), T0.plusSeconds(600), "bf-1");
        run("cache-1", "PlayerDailyCacheProcessor", T0.plusSeconds(100), T0.plusSeconds(400), null);
        ExpectationChecks.Result sequential = check(Expectation.Type.no_duplicate_runs);
        assertThat(sequential.held()).as(sequential.detail()).isTrue();
        assertThat(sequential.detail()).isEqualTo("3 runs of 2 processor-dates, none Rebound started while another"
                + " was in progress (1 ran more than once)");

        // the pipeline's own runs overlap (one per scraper batch, say), and its scheduled run starts on top of a
        // repair: shown, not Rebound's doing
        run("cache-2", "PlayerDailyCacheProcessor", T0.plusSeconds(200), T0.plusSeconds(500), null);
        run("ctx-sched", context, T0.plusSeconds(500), T0.plusSeconds(700), null);
        ExpectationChecks.Result pipelines = check(Expectation.Type.no_duplicate_runs);
        assertThat(pipelines.held()).as(pipelines.detail()).isTrue();
        assertThat(pipelines.detail()).contains("2 overlap(s) Rebound did not start, not judged");

        // the pipeline's own run is heartbeating when Rebound starts a second one of the same processor and date
        run("ctx-3", context, T0.plusSeconds(900), null, null);
        run("ctx-4", context, T0.plusSeconds(930), T0.plusSeconds(1200), "bf-2");
        ExpectationChecks.Result duplicate = check(Expectation.Type.no_duplicate_runs);
        assertThat(duplicate.held()).isFalse();
        assertThat(duplicate.detail()).startsWith("1 run(s) Rebound started while another was in progress: " + context
                + "(" + D + "): ctx-3");
    }

    @Test
    void aRunStartedAfterTheEarlierOneWasDeclaredStuckIsNoDuplicate() throws Exception {
        stuckRun(Duration.ofSeconds(200));
        LocalDate d22 = D.minusDays(1);
        Instant rerun = T0.plusSeconds(400);
        archived("//rebound/pipeline-simulator", rerun, new ProcessorStarted("PlayerGameSummaryProcessor", "PGS-run-2",
                d22, rerun, 60, RunTrigger.BACKFILL));
        ExpectationChecks.Result afterVerdict = check(Expectation.Type.no_duplicate_runs);
        assertThat(afterVerdict.held()).as(afterVerdict.detail()).isTrue();

        // started before the verdict: the hung run was still presumed alive, so this one was a duplicate
        Instant early = T0.plusSeconds(150);
        archived("//rebound/pipeline-simulator", early, new ProcessorStarted("PlayerGameSummaryProcessor", "PGS-run-0",
                d22, early, 60, RunTrigger.BACKFILL));
        ExpectationChecks.Result beforeVerdict = check(Expectation.Type.no_duplicate_runs);
        assertThat(beforeVerdict.held()).isFalse();
        assertThat(beforeVerdict.detail()).contains("PGS-run-1").contains("PGS-run-0");
    }
}
