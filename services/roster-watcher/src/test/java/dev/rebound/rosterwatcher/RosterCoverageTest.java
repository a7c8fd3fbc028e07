package dev.rebound.rosterwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RosterCoverageTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-01-23");
    private static final List<String> TEAMS = List.of("BOS", "POR", "SAC", "TOR");

    @Test
    void olderThanTheMaxAgeIsStaleAndNoRosterIsMissing() {
        RosterCoverage c = RosterCoverage.evaluate(TEAMS, Map.of("BOS", LocalDate.parse("2026-01-22"),
                "POR", LocalDate.parse("2026-01-14"), "TOR", LocalDate.parse("2026-01-20")), TODAY, 3);

        assertThat(c.stale()).extracting(RosterCoverage.TeamRoster::team).containsExactly("POR");
        assertThat(c.stale().get(0).ageDays()).isEqualTo(9);
        assertThat(c.missing()).containsExactly("SAC");
        assertThat(c.freshCount()).isEqualTo(2);
        assertThat(c.allFresh()).isFalse();
        // exactly max age (3 days) is still fresh: the seed alerts on age_days > 3
        assertThat(c.teams()).filteredOn(t -> t.team().equals("TOR")).singleElement()
                .satisfies(t -> assertThat(t.status()).isEqualTo(RosterCoverage.Status.fresh));
    }

    @Test
    void aRosterDatedAfterTheCheckDateIsFreshWithAgeZero() {
        RosterCoverage c = RosterCoverage.evaluate(List.of("BOS"), Map.of("BOS", LocalDate.parse("2026-01-25")),
                TODAY, 3);
        assertThat(c.teams().get(0).ageDays()).isZero();
        assertThat(c.allFresh()).isTrue();
    }

    @Test
    void theFingerprintFollowsTheDataNotTheAge() {
        Map<String, LocalDate> latest = Map.of("BOS", LocalDate.parse("2026-01-22"), "POR", LocalDate.parse("2026-01-14"),
                "SAC", LocalDate.parse("2026-01-14"), "TOR", LocalDate.parse("2026-01-22"));
        String today = RosterCoverage.evaluate(TEAMS, latest, TODAY, 3).fingerprint();
        String tomorrowSameData = RosterCoverage.evaluate(List.of("TOR", "SAC", "POR", "BOS"), latest,
                TODAY.plusDays(1), 3).fingerprint();
        String porRefreshed = RosterCoverage.evaluate(TEAMS, Map.of("BOS", LocalDate.parse("2026-01-22"),
                "POR", TODAY, "SAC", LocalDate.parse("2026-01-14"), "TOR", LocalDate.parse("2026-01-22")), TODAY, 3)
                .fingerprint();
        String sacMissingInstead = RosterCoverage.evaluate(TEAMS, Map.of("BOS", LocalDate.parse("2026-01-22"),
                "POR", LocalDate.parse("2026-01-14"), "TOR", LocalDate.parse("2026-01-22")), TODAY, 3).fingerprint();

        assertThat(tomorrowSameData).isEqualTo(today);
        assertThat(porRefreshed).isNotEqualTo(today);
        assertThat(sacMissingInstead).isNotEqualTo(today);
    }
}
