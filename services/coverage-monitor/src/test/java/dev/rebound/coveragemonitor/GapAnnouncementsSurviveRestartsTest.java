package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.Outbox;
import dev.rebound.coveragemonitor.store.PipelineAlertStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.coveragemonitor.store.StateTables;
import dev.rebound.events.Severity;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.runtime.warehouse.JdbcWarehouse;
import dev.rebound.runtime.warehouse.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Announcements are decided from persisted state only: a new process over the same tables (a restart) and a
 * crash between queueing an announcement and saving the alert state both announce nothing twice.
 */
class GapAnnouncementsSurviveRestartsTest {
    private static final LocalDate DAY = LocalDate.parse("2026-01-23");
    private static final Instant FIRST_TIPOFF = Instant.parse("2026-01-24T00:00:00Z");
    private static final Instant BEFORE_DEADLINE = Instant.parse("2026-01-23T20:00:00Z");
    private static final Instant AFTER_DEADLINE = Instant.parse("2026-01-23T22:00:00Z");
    private static final Set<String> ALL_PHASES_RAN = Set.of("UpcomingPlayerGameContextProcessor",
            "MLFeatureStoreProcessor", "PredictionCoordinator");

    private final JdbcWarehouse warehouse = H2Fixture.warehouse("restarts");

    /** What one service process holds: fresh objects over the shared tables. */
    private record Process(CoverageCalculator calculator, GapAlerter alerter, Outbox outbox) {
        static Process start(JdbcWarehouse warehouse) {
            StateTables tables = StateTables.of(H2Fixture.STATE);
            Outbox outbox = new Outbox(warehouse, tables);
            return new Process(new CoverageCalculator(warehouse, Slate.TOPOLOGY), new GapAlerter(Slate.TOPOLOGY,
                    new GapAlertStore(warehouse, tables), outbox, new RunStore(warehouse, tables),
                    new PipelineAlertStore(warehouse, tables)), outbox);
        }

        int evaluate(Instant now) {
            return alerter.apply(calculator.compute(DAY, now, ALL_PHASES_RAN), now);
        }
    }

    private void seed() {
        Slate slate = new Slate(warehouse);
        slate.rosters(java.util.Map.of("TOR", DAY, "POR", DAY, "BOS", DAY, "BKN", DAY));
        slate.games(DAY, List.of(new Slate.Game("BOS", "BKN", FIRST_TIPOFF, 13),
                new Slate.Game("TOR", "POR", FIRST_TIPOFF.plusSeconds(3 * 3600), 0)), Set.of());
    }

    private List<String> outboxIds() {
        return warehouse.query(Sql.of("SELECT event_id FROM rebound_state.coverage_outbox ORDER BY event_id"))
                .stream().map(r -> r.getString("event_id")).toList();
    }

    @Test
    void aRestartedProcessAnnouncesNothingAlreadyAnnounced() {
        seed();
        assertThat(Process.start(warehouse).evaluate(BEFORE_DEADLINE)).isEqualTo(1);
        assertThat(Process.start(warehouse).evaluate(BEFORE_DEADLINE.plusSeconds(60))).isZero();
        assertThat(Process.start(warehouse).evaluate(AFTER_DEADLINE)).isEqualTo(1);
        assertThat(Process.start(warehouse).evaluate(AFTER_DEADLINE.plusSeconds(60))).isZero();

        assertThat(outboxIds()).containsExactly(
                "coverage-gap/2026-01-23/20260123_TOR_POR/predictions/1/escalated",
                "coverage-gap/2026-01-23/20260123_TOR_POR/predictions/1/raised");
        Outbox.Entry escalation = Process.start(warehouse).outbox()
                .find("coverage-gap/2026-01-23/20260123_TOR_POR/predictions/1/escalated").orElseThrow();
        assertThat(((CoverageGap) escalation.payload()).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aCrashBetweenQueueingAndSavingTheStateDoesNotAnnounceTwice() {
        seed();
        Process.start(warehouse).evaluate(BEFORE_DEADLINE);
        // the crash: the announcement is queued but the alert state was never saved
        warehouse.execute(Sql.of("DELETE FROM rebound_state.coverage_gap_alerts"));

        assertThat(Process.start(warehouse).evaluate(BEFORE_DEADLINE.plusSeconds(30))).isZero();
        assertThat(outboxIds()).containsExactly("coverage-gap/2026-01-23/20260123_TOR_POR/predictions/1/raised");
        assertThat(warehouse.query(Sql.of("SELECT state FROM rebound_state.coverage_gap_alerts"))).hasSize(1);
    }
}
