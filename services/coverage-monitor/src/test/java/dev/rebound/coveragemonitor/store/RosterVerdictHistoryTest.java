package dev.rebound.coveragemonitor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.Observations.TeamRosterVerdict;
import dev.rebound.testing.TestStores;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A team that drops out of a roster check's stale verdict is remembered with when it did, on a real PostgreSQL store:
 * a gap in output produced before then is still explained by its stale roster.
 */
class RosterVerdictHistoryTest {
    private static final LocalDate JAN_14 = LocalDate.parse("2026-01-14");
    private static final Instant T0 = Instant.parse("2026-01-23T06:00:00Z");
    private final PipelineAlertStore alerts = new PipelineAlertStore(
            TestStores.migrated("coverage_monitor", "coverage-monitor"));

    private static TeamRosterVerdict stale(String team) {
        return new TeamRosterVerdict(team, "stale", JAN_14, 9);
    }

    @Test
    void teamsDroppedByANewerVerdictOrARecoveryKeepWhenTheyStoppedBeingStale() {
        alerts.recordRosterVerdict("rosters", T0, true, "critical", List.of(stale("DEN"), stale("TOR")), "c-1");
        // part of the reload is in: DEN is fresh, TOR still stale
        alerts.recordRosterVerdict("rosters", T0.plusSeconds(300), true, "critical", List.of(stale("TOR")), "c-1");

        assertThat(alerts.staleTeams()).containsOnlyKeys("TOR");
        assertThat(alerts.rosterVerdicts().get("DEN").staleUntil()).isEqualTo(T0.plusSeconds(300));
        assertThat(alerts.rosterVerdicts().get("TOR").staleUntil()).isNull();

        alerts.recordRosterVerdict("rosters", T0.plusSeconds(360), false, "info", List.of(), "c-1");

        assertThat(alerts.staleTeams()).isEmpty();
        assertThat(alerts.rosterVerdicts()).containsOnlyKeys("DEN", "TOR");
        assertThat(alerts.rosterVerdicts().get("TOR").staleUntil()).isEqualTo(T0.plusSeconds(360));
        assertThat(alerts.rosterVerdicts().get("DEN")).satisfies(v -> {
            assertThat(v.staleUntil()).isEqualTo(T0.plusSeconds(300));
            assertThat(v.latestRosterDate()).isEqualTo(JAN_14);
        });

        // stale again: named again, it is stale now, not "until"
        alerts.recordRosterVerdict("rosters", T0.plusSeconds(900), true, "critical", List.of(stale("DEN")), "c-2");
        assertThat(alerts.staleTeams()).containsOnlyKeys("DEN");
        assertThat(alerts.rosterVerdicts().get("DEN").staleUntil()).isNull();
        assertThat(alerts.rosterVerdicts().get("TOR").staleUntil()).isEqualTo(T0.plusSeconds(360));
    }

    @Test
    void anOlderVerdictDeliveredLateChangesNothing() {
        alerts.recordRosterVerdict("rosters", T0.plusSeconds(300), true, "critical", List.of(stale("TOR")), "c-1");
        assertThat(alerts.recordRosterVerdict("rosters", T0, true, "critical", List.of(stale("DEN")), "c-1"))
                .isFalse();
        assertThat(alerts.rosterVerdicts()).containsOnlyKeys("TOR");
    }
}
