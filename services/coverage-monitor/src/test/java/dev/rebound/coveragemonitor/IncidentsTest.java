package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.incident.AlertSignals;
import dev.rebound.coveragemonitor.incident.IncidentTracker;
import dev.rebound.coveragemonitor.store.RepairStore;
import dev.rebound.events.Cause;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.Json;
import dev.rebound.events.internal.BackfillAbandonedAlert;
import dev.rebound.events.internal.InputStale;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.events.v1.IncidentOpened;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Incidents on a real PostgreSQL store, built like a service instance without Quarkus: alerts of one root cause
 * group into one incident (Jan 23: the stale rosters with their stale input and abandoned re-runs; the stuck PGS;
 * the gaps they leave), its lifecycle is announced through the outbox under change-derived ids (pages: opened and
 * escalated), a repair in flight holds escalation back, a cause back within the reopen window reopens, and
 * redeliveries or two instances deciding at once announce nothing twice.
 */
class IncidentsTest {
    private static final LocalDate JAN22 = LocalDate.parse("2026-01-22");
    private static final LocalDate JAN23 = LocalDate.parse("2026-01-23");
    private static final Instant T0 = Instant.parse("2026-01-23T04:15:00Z");
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String ROSTERS = "EspnTeamRosterProcessor";

    private final PostgresFixture fixture = PostgresFixture.create();
    private final AlertSignals signals = new AlertSignals(Slate.TOPOLOGY);
    private final IncidentTracker tracker = fixture.incidentTracker(PostgresFixture.at(T0));

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static RosterStale rosterStale(int staleTeams, Instant at) {
        List<RosterStale.StaleTeam> teams = java.util.stream.IntStream.range(0, staleTeams)
                .mapToObj(i -> new RosterStale.StaleTeam("T" + i, JAN22.minusDays(9), 9)).toList();
        return new RosterStale(at, 3, 30, teams, List.of(), Severity.CRITICAL, "rosters");
    }

    private static ProcessorStuck stuck(LocalDate date, Instant at) {
        return new ProcessorStuck(PGS, "run-" + at.getEpochSecond(), date, at.minusSeconds(245), 245, 180, at);
    }

    private static CoverageGap gap(String game, Severity severity, Instant at, List<Cause> causes) {
        return new CoverageGap(JAN23, game, Instant.parse("2026-01-24T03:00:00Z"), "predictions", 0, 8, at, severity,
                causes);
    }

    /** The outbox's incident events as (change, severity, incident), in the order they were queued. */
    private List<String> changes() {
        return fixture.store.query(Sql.of("SELECT data, ce_type FROM outbox WHERE ce_type LIKE 'pipeline.incident.%'"
                + " ORDER BY id")).stream().map(IncidentsTest::describe).toList();
    }

    private static String describe(Row r) {
        try {
            var node = Json.mapper().readTree((byte[]) r.get("data"));
            return node.path("change").asText() + " " + node.path("severity").asText() + " "
                    + node.path("root_cause").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long pages() {
        return changes().stream().filter(c -> c.startsWith("opened critical") || c.startsWith("escalated critical"))
                .count();
    }

    @Test
    void jan23GroupsIntoTwoIncidentsAndPagesTwice() {
        tracker.alert(signals.rosterStale(rosterStale(16, at(0)), "rosters", "corr-rosters"));
        tracker.alert(signals.inputStale(new InputStale("espn_team_roster", "gcs", JAN22, at(-600), 0, at(12),
                Severity.CRITICAL, "no objects by 2026-01-22T13:00Z", null), "corr-input"));
        tracker.alert(signals.abandoned(new BackfillAbandonedAlert("plan-1", ROSTERS, JAN23, 3, "failed 3 times",
                Severity.CRITICAL, at(23), List.of()), "corr-rosters"));
        tracker.alert(signals.stuck(stuck(JAN22, at(109)), "corr-pgs"));
        tracker.alert(signals.rosterStale(rosterStale(6, at(110)), "rosters", "corr-rosters"));
        tracker.alert(signals.gap(gap("20260123_TOR_POR", Severity.WARNING, at(300), List.of(
                new Cause(ROSTERS, JAN22.minusDays(9), "stale", "POR roster 9 days old"),
                new Cause(PGS, JAN22, "stuck", "silent")) ), "corr-pgs"));
        tracker.alert(signals.gap(gap("20260123_DEN_MIL", Severity.WARNING, at(300), List.of(
                new Cause(PGS, JAN22, "stuck", "silent"))), "corr-pgs"));

        assertThat(changes()).containsExactly(
                "opened critical scraper:espn_team_roster",
                "symptom_added critical scraper:espn_team_roster",
                "symptom_added critical scraper:espn_team_roster",
                "opened critical processor:PlayerGameSummaryProcessor",
                "symptom_added critical scraper:espn_team_roster",
                "symptom_added critical processor:PlayerGameSummaryProcessor");
        assertThat(pages()).isEqualTo(2);

        // the re-run of PGS(Jan 22) completes: its incident loses the stuck run but keeps DEN_MIL's gap
        tracker.answered(at(400), signals.completion(PGS, JAN22));
        tracker.answered(at(420), signals.gapResolved(JAN23, "20260123_DEN_MIL", "predictions"));
        assertThat(changes()).endsWith("symptom_cleared warning processor:PlayerGameSummaryProcessor",
                "resolved warning processor:PlayerGameSummaryProcessor");
    }

    @Test
    void aGapEscalatedAtTheDeadlinePagesOnceAndResolvesWithIt() throws IOException {
        List<Cause> causes = List.of(new Cause(PGS, JAN22, "stuck", "silent"));
        tracker.alert(signals.gap(gap("20260123_TOR_POR", Severity.WARNING, at(300), causes), null));
        tracker.alert(signals.gap(gap("20260123_TOR_POR", Severity.WARNING, at(301), causes), null));
        tracker.alert(signals.gap(gap("20260123_TOR_POR", Severity.CRITICAL, at(400), causes), null));
        tracker.alert(signals.gap(gap("20260123_TOR_POR", Severity.CRITICAL, at(401), causes), null));
        tracker.answered(at(500), signals.gapResolved(JAN23, "20260123_TOR_POR", "predictions"));
        tracker.answered(at(501), signals.gapResolved(JAN23, "20260123_TOR_POR", "predictions"));

        assertThat(changes()).containsExactly("opened warning processor:PlayerGameSummaryProcessor",
                "escalated critical processor:PlayerGameSummaryProcessor",
                "resolved critical processor:PlayerGameSummaryProcessor");
        String id = fixture.store.query(Sql.of("SELECT incident_id FROM coverage_incidents")).get(0)
                .getString("incident_id");
        assertThat(fixture.outboxIds("pipeline.incident.escalated.v1")).containsExactly("incident/" + id + "/2/escalated");
        Row opened = fixture.store.query(Sql.of("SELECT data, ordering_key FROM outbox WHERE ce_type = @t")
                .bind("t", "pipeline.incident.opened.v1")).get(0);
        assertThat(opened.getString("ordering_key")).isEqualTo("incident/" + id);
        assertThat(Json.mapper().readValue((byte[]) opened.get("data"), IncidentOpened.class).alerts())
                .singleElement().satisfies(a -> assertThat(a.subject()).isEqualTo("20260123_TOR_POR/predictions"));
    }

    @Test
    void aVerdictBeingRepairedIsNotAnnouncedAgain() {
        List<Cause> causes = List.of(new Cause(PGS, JAN22, "stuck", "silent"));
        tracker.alert(signals.gap(gap("20260123_TOR_POR", Severity.WARNING, at(300), causes), null));
        RepairStore repairs = new RepairStore(fixture.store, Slate.TOPOLOGY);
        repairs.planCreated("plan-9", PGS, JAN22, "stuck", at(301), null, null);
        repairs.step("plan-9", new RepairPlan.Step("s1", PGS, JAN22, null, "triggered", 1, false, at(302), null));

        tracker.alert(signals.gap(gap("20260123_TOR_POR", Severity.CRITICAL, at(400), causes), null));

        assertThat(changes()).containsExactly("opened warning processor:PlayerGameSummaryProcessor");
    }

    @Test
    void aCauseBackWithinTheWindowReopensAndOneBackLaterOpensANewIncident() {
        tracker.alert(signals.stuck(stuck(JAN22, at(0)), null));
        tracker.answered(at(30), signals.completion(PGS, JAN22));
        tracker.alert(signals.stuck(stuck(JAN23, at(90)), null));
        tracker.answered(at(120), signals.completion(PGS, JAN23));
        // the same verdict again (a replay with a fresh ce-id) after it was answered: old news
        tracker.alert(signals.stuck(stuck(JAN23, at(90)), null));
        tracker.alert(signals.stuck(stuck(JAN23.plusDays(1), at(120 + 7 * 60)), null));

        assertThat(changes()).containsExactly("opened critical processor:PlayerGameSummaryProcessor",
                "resolved critical processor:PlayerGameSummaryProcessor",
                "reopened critical processor:PlayerGameSummaryProcessor",
                "resolved critical processor:PlayerGameSummaryProcessor",
                "opened critical processor:PlayerGameSummaryProcessor");
        assertThat(fixture.store.query(Sql.of("SELECT episode FROM coverage_incidents ORDER BY opened_at")))
                .extracting(r -> r.getInt("episode")).containsExactly(2, 1);
    }

    @Test
    void twoInstancesDecidingAtOnceOpenOneIncident() throws Exception {
        IncidentTracker replica = fixture.incidentTracker(PostgresFixture.at(T0));
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            await(go);
            tracker.alert(signals.stuck(stuck(JAN22, at(0)), null));
        });
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            await(go);
            replica.alert(signals.abandoned(new BackfillAbandonedAlert("plan-2", PGS, JAN22, 3, "failed",
                    Severity.CRITICAL, at(0), List.of()), null));
        });
        go.countDown();
        CompletableFuture.allOf(first, second).get(30, java.util.concurrent.TimeUnit.SECONDS);
        // a redelivery of either changes nothing
        replica.alert(signals.stuck(stuck(JAN22, at(0)), null));

        assertThat(changes()).hasSize(2).first().asString().startsWith("opened critical processor:" + PGS);
        assertThat(changes().get(1)).startsWith("symptom_added");
        assertThat(fixture.store.query(Sql.of("SELECT incident_id FROM coverage_incidents"))).hasSize(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
