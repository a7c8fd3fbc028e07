package dev.rebound.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    static final Path SCENARIOS = Path.of("../scenarios");
    static final Path CASCADE = SCENARIOS.resolve("2026-01-23-cascade.yaml");

    @Test
    void theCascadeIsTheSeedsWorld() {
        Scenario s = ScenarioLoader.load(CASCADE);
        LocalDate d = LocalDate.parse("2026-01-23");
        assertThat(s.teams()).hasSize(30);
        List<String> stale = s.teams().entrySet().stream()
                .filter(e -> ChronoUnit.DAYS.between(e.getValue().rosterDate(), d) > 3).map(e -> e.getKey()).toList();
        assertThat(stale).hasSize(16).contains("POR", "SAC", "DEN", "TOR");
        assertThat(s.teams().get("POR").rosterDate()).isEqualTo(LocalDate.parse("2026-01-14"));
        assertThat(s.gamesOn(d)).hasSize(8);
        assertThat(s.firstTipoff(d)).contains(Instant.parse("2026-01-24T00:00:00Z"));
        assertThat(s.attempt("PlayerGameSummaryProcessor", LocalDate.parse("2026-01-22"), 1))
                .hasValueSatisfying(a -> assertThat(a.outcome()).isEqualTo(Scenario.Outcome.stall));
        assertThat(s.attempt("PlayerGameSummaryProcessor", LocalDate.parse("2026-01-22"), 2)).isEmpty();
        assertThat(s.runs()).noneMatch(r -> r.processor().equals("EspnTeamRosterProcessor"));
        assertThat(s.files()).singleElement().satisfies(f -> assertThat(f.keys()).isNull());
        assertThat(s.expectations()).extracting(Expectation::type).contains(Expectation.Type.stuck_detected,
                Expectation.Type.rosters_refreshed_via_bridge, Expectation.Type.coverage_gap_alerted,
                Expectation.Type.repair_in_dependency_order, Expectation.Type.predictions_cover_games);
    }

    @Test
    void seedPredictionCountsFollowFromFreshRosters() {
        Scenario s = ScenarioLoader.load(CASCADE);
        LocalDate d = LocalDate.parse("2026-01-23");
        java.util.Map<String, Integer> perGame = new java.util.TreeMap<>();
        for (Scenario.Game g : s.gamesOn(d)) {
            int n = 0;
            for (String team : List.of(g.home(), g.away())) {
                if (ChronoUnit.DAYS.between(s.teams().get(team).rosterDate(), d) <= 3) {
                    n += s.playersOf(team).size();
                }
            }
            perGame.put(g.gameId().substring(9), n);
        }
        assertThat(perGame).containsEntry("TOR_POR", 0).containsEntry("SAC_CLE", 6).containsEntry("DEN_MIL", 6)
                .containsEntry("BOS_BKN", 13).containsEntry("NOP_MEM", 19).containsEntry("PHX_ATL", 15);
    }

    @Test
    void everyShippedScenarioLoads() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(1);
            all.forEach(ScenarioLoader::load);
        }
    }

    @Test
    void crashLoopAppliesToEveryLaterAttempt() {
        Scenario s = load(minimal().replace("behaviours: []", """
                behaviours:
                  - processor: PredictionCoordinator
                    data_date: 2026-01-23
                    attempts: [{outcome: fail, reason: error}, {outcome: crash_loop}]
                """));
        LocalDate d = LocalDate.parse("2026-01-23");
        assertThat(s.attempt("PredictionCoordinator", d, 1).orElseThrow().outcome()).isEqualTo(Scenario.Outcome.fail);
        assertThat(s.attempt("PredictionCoordinator", d, 2).orElseThrow().outcome()).isEqualTo(Scenario.Outcome.crash_loop);
        assertThat(s.attempt("PredictionCoordinator", d, 7).orElseThrow().outcome()).isEqualTo(Scenario.Outcome.crash_loop);
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> load(minimal().replace("name: tiny", "name: tiny\ncolour: blue")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> load(minimal().replace("end: 2026-01-23T14:00:00Z", "end: 2026-01-23T11:00:00Z")))
                .hasMessageContaining("end").hasMessageContaining("after start");
        assertThatThrownBy(() -> load(minimal().replace("home: BOS", "home: ZZZ")))
                .hasMessageContaining("schedule[0].home").hasMessageContaining("ZZZ");
        assertThatThrownBy(() -> load(minimal().replace("processor: PredictionCoordinator, data_date",
                "processor: NoSuchProcessor, data_date"))).hasMessageContaining("runs[0].processor");
        assertThatThrownBy(() -> load(minimal().replace("at: 2026-01-23T12:30:00Z", "at: 2026-01-23T19:30:00Z")))
                .hasMessageContaining("runs[0].at").hasMessageContaining("between start");
        assertThatThrownBy(() -> load(minimal().replace("rows: roster_players", "rows: everything")))
                .hasMessageContaining("processors.PredictionCoordinator.writes.rows");
        assertThatThrownBy(() -> load(minimal().replace("type: predictions_cover_games", "type: miracle")))
                .hasMessageContaining("expectations[0].type");
        assertThatThrownBy(() -> load(minimal().replace("min_players: 8", "min_players: 0")))
                .hasMessageContaining("expectations[0].min_players");
        assertThatThrownBy(() -> load(minimal().replace("behaviours: []", """
                behaviours:
                  - {processor: PredictionCoordinator, data_date: 2026-01-23, attempts: [{outcome: fail, reason: tired}]}
                """))).hasMessageContaining("behaviours[0].attempts[0].reason");
        assertThatThrownBy(() -> load(minimal().replace("expectations:\n  - type: predictions_cover_games\n"
                + "    game_date: 2026-01-23\n    min_players: 8\n", "expectations: []\n")))
                .hasMessageContaining("expectations");
    }

    @Test
    void poisonIsReadAndEachMistakeNamesItsField() {
        Scenario s = load(minimal().replace("behaviours: []", """
                behaviours: []
                poison:
                  - {at: 2026-01-23T12:10:00Z, topic: processor-completions, kind: wrong_schema}
                  - {at: 2026-01-23T12:20:00Z, topic: pipeline-alerts, kind: missing_attribute, attribute: ce-id,
                     ce_type: pipeline.coverage.gap.v1}
                """));
        assertThat(s.poison()).extracting(Scenario.Poison::kind).containsExactly(Scenario.PoisonKind.wrong_schema,
                Scenario.PoisonKind.missing_attribute);
        assertThat(s.poison().get(1).attribute()).isEqualTo("ce-id");

        assertThatThrownBy(() -> load(withPoison("{at: 2026-01-23T12:10:00Z, topic: no-such-topic, kind: not_json}")))
                .hasMessageContaining("poison[0].topic").hasMessageContaining("no-such-topic");
        assertThatThrownBy(() -> load(withPoison("{at: 2026-01-23T12:10:00Z, topic: rebound-quarantine, kind: not_json}")))
                .hasMessageContaining("poison[0].topic").hasMessageContaining("nothing would quarantine");
        assertThatThrownBy(() -> load(withPoison("{at: 2026-01-23T15:10:00Z, topic: processor-heartbeats, kind: not_json}")))
                .hasMessageContaining("poison[0].at");
        assertThatThrownBy(() -> load(withPoison("{at: 2026-01-23T12:10:00Z, topic: processor-heartbeats, kind: rude}")))
                .hasMessageContaining("poison[0].kind");
        assertThatThrownBy(() -> load(withPoison(
                "{at: 2026-01-23T12:10:00Z, topic: processor-heartbeats, kind: not_json, ce_type: pipeline.coverage.gap.v1}")))
                .hasMessageContaining("poison[0].ce_type");
        assertThatThrownBy(() -> load(withPoison(
                "{at: 2026-01-23T12:10:00Z, topic: processor-heartbeats, kind: missing_attribute, attribute: processor}")))
                .hasMessageContaining("poison[0].attribute").hasMessageContaining("ce-id");
    }

    @Test
    void faultsAreReadAndEachMistakeNamesItsField() {
        Scenario s = load(withFault("{at: 2026-01-23T12:40:00Z, kind: emulator_restart}"));
        assertThat(s.faults()).containsExactly(new Scenario.Fault(Instant.parse("2026-01-23T12:40:00Z"),
                Scenario.FaultKind.emulator_restart));
        assertThat(load(minimal()).faults()).as("no faults unless listed").isEmpty();

        assertThatThrownBy(() -> load(withFault("{at: 2026-01-23T12:40:00Z, kind: meteor}")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("faults[0].kind")
                .hasMessageContaining("emulator_restart");
        assertThatThrownBy(() -> load(withFault("{at: 2026-01-23T12:40:00Z}")))
                .hasMessageContaining("faults[0].kind").hasMessageContaining("is required");
        assertThatThrownBy(() -> load(withFault("{at: 2026-01-23T15:40:00Z, kind: emulator_restart}")))
                .hasMessageContaining("faults[0].at").hasMessageContaining("between start");
        assertThatThrownBy(() -> load(withFault("{at: 2026-01-23T12:40:00Z, kind: emulator_restart, instance: 1}")))
                .hasMessageContaining("faults[0].instance");
    }

    private static String withFault(String entry) {
        return minimal().replace("behaviours: []", "behaviours: []\nfaults:\n  - " + entry);
    }

    private static String withPoison(String entry) {
        return minimal().replace("behaviours: []", "behaviours: []\npoison:\n  - " + entry);
    }

    @Test
    void metricAndLogExpectationsNeedWhatTheyCompare() {
        Scenario s = load(minimal() + """
                  - type: metric
                    metric: rebound_events_quarantined_total
                    labels: {path: data}
                    service: heartbeat-tracker
                    value: 2
                  - type: log_lines
                    service: heartbeat-tracker
                    pattern: 'CRITICAL \\[rebound\\.alerts\\]'
                    min: 1
                    max: 1.5
                """);
        Expectation metric = s.expectations().get(1);
        assertThat(metric.labels()).containsEntry("path", "data");
        assertThat(metric.accepts(2)).isTrue();
        assertThat(metric.accepts(3)).isFalse();
        assertThat(metric.expected()).isEqualTo("= 2");
        assertThat(s.expectations().get(2).expected()).isEqualTo("≥ 1, ≤ 1.5");

        assertThatThrownBy(() -> load(minimal() + "  - {type: metric, metric: 'rebound events', value: 1}\n"))
                .hasMessageContaining("expectations[1].metric");
        assertThatThrownBy(() -> load(minimal() + "  - {type: metric, metric: rebound_events_quarantined_total}\n"))
                .hasMessageContaining("expectations[1]").hasMessageContaining("value, min or max");
        assertThatThrownBy(() -> load(minimal() + "  - {type: log_lines, pattern: 'x', value: 1}\n"))
                .hasMessageContaining("expectations[1].service");
        assertThatThrownBy(() -> load(minimal() + "  - {type: log_lines, service: s, pattern: '[unclosed', value: 1}\n"))
                .hasMessageContaining("expectations[1].pattern");
    }

    @Test
    void aPageBudgetNeedsANumberAndASeverityIncidentsPageAt() {
        Expectation budget = load(minimal() + "  - {type: pages, severity: critical, max: 2}\n").expectations().get(1);
        assertThat(budget.type()).isEqualTo(Expectation.Type.pages);
        assertThat(budget.accepts(2)).isTrue();
        assertThat(budget.accepts(3)).isFalse();

        assertThatThrownBy(() -> load(minimal() + "  - {type: pages, severity: critical}\n"))
                .hasMessageContaining("expectations[1]").hasMessageContaining("value, min or max");
        assertThatThrownBy(() -> load(minimal() + "  - {type: pages, severity: urgent, max: 0}\n"))
                .hasMessageContaining("expectations[1].severity");
    }

    @Test
    void deadlineWarningsNeedANumberAndReadTheirTimings() {
        Expectation warnings = load(minimal() + """
                  - {type: deadline_warnings, game_date: 2026-01-23, min: 1, max: 2, before_first_gap: true,
                     lead_before_tipoff: PT1H}
                """).expectations().get(1);
        assertThat(warnings.type()).isEqualTo(Expectation.Type.deadline_warnings);
        assertThat(warnings.beforeFirstGap()).isTrue();
        assertThat(warnings.leadBeforeTipoff()).isEqualTo(java.time.Duration.ofHours(1));

        assertThatThrownBy(() -> load(minimal() + "  - {type: deadline_warnings, before_first_gap: true}\n"))
                .hasMessageContaining("expectations[1]").hasMessageContaining("value, min or max");
        assertThatThrownBy(() -> load(minimal() + "  - {type: deadline_warnings, min: 1, lead_before_tipoff: -PT1H}\n"))
                .hasMessageContaining("expectations[1].lead_before_tipoff");
    }

    @Test
    void aSlowRunNeedsHowLongItTakes() {
        Scenario s = load(minimal().replace("behaviours: []", """
                behaviours:
                  - {processor: PredictionCoordinator, data_date: 2026-01-23, attempts: [{outcome: slow, after: PT6H}]}
                """));
        assertThat(s.attempt("PredictionCoordinator", LocalDate.parse("2026-01-23"), 1).orElseThrow())
                .satisfies(a -> assertThat(a.outcome()).isEqualTo(Scenario.Outcome.slow));
        assertThatThrownBy(() -> load(minimal().replace("behaviours: []", """
                behaviours:
                  - {processor: PredictionCoordinator, data_date: 2026-01-23, attempts: [{outcome: slow}]}
                """))).hasMessageContaining("behaviours[0].attempts[0].after")
                .hasMessageContaining("how long it takes");
    }

    static Scenario load(String yaml) {
        return ScenarioLoader.load("test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static String minimal() {
        return """
                name: tiny
                start: 2026-01-23T12:00:00Z
                end: 2026-01-23T14:00:00Z
                teams:
                  BOS: {players: 9, roster_date: 2026-01-22}
                  BKN: {players: 9, roster_date: 2026-01-22}
                schedule:
                  - {game_date: 2026-01-23, game_id: g1, away: BKN, home: BOS, tipoff: 2026-01-24T00:00:00Z}
                processors:
                  PredictionCoordinator:
                    duration: PT5M
                    writes:
                      table: nba_predictions.player_prop_predictions
                      date_column: game_date
                      rows: roster_players
                      columns: {game_date: $date, game_id: $game, player_lookup: $player, prop_type: points, is_active: true}
                behaviours: []
                runs:
                  - {at: 2026-01-23T12:30:00Z, processor: PredictionCoordinator, data_date: 2026-01-23}
                expectations:
                  - type: predictions_cover_games
                    game_date: 2026-01-23
                    min_players: 8
                """;
    }
}
