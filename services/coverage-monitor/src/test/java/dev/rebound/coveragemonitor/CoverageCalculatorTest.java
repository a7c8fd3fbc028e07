package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.store.PipelineAlertStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Counting coverage on PostgreSQL with the default topology's tables, columns and filters, through the read-only
 * pipeline warehouse (the queries are the ones BigQuery runs in production).
 */
class CoverageCalculatorTest {
    private static final LocalDate DAY = LocalDate.parse("2026-01-23");
    private static final Instant TIPOFF = Instant.parse("2026-01-24T00:00:00Z");
    private final PostgresFixture fixture = PostgresFixture.create();

    @AfterEach
    void closeFixture() {
        fixture.close();
    }
    private final CoverageCalculator calculator = new CoverageCalculator(fixture.warehouse, Slate.TOPOLOGY);

    @Test
    void expectedPlayersComeFromEachTeamsLatestRosterOnOrBeforeTheDate() {
        Slate slate = new Slate(fixture.store);
        slate.rosters(Map.of("TOR", LocalDate.parse("2026-01-14"), "POR", LocalDate.parse("2026-01-22")));
        // a roster after the date must not count, and an older one of POR is superseded
        slate.rosters(Map.of("TOR", DAY.plusDays(1), "POR", LocalDate.parse("2026-01-10")));
        slate.games(DAY, List.of(new Slate.Game("TOR", "POR", TIPOFF, 4)), Set.of("POR"));

        DateCoverage c = calculator.compute(DAY, TIPOFF.minusSeconds(3600), Set.of("PredictionCoordinator"));

        assertThat(c.latestRosterByTeam()).containsEntry("TOR", LocalDate.parse("2026-01-14"))
                .containsEntry("POR", LocalDate.parse("2026-01-22"));
        DateCoverage.Game game = c.games().get(0);
        assertThat(game.expectedPlayers()).isEqualTo(30);
        assertThat(game.players("context")).isEqualTo(15);
        assertThat(game.players("features")).isEqualTo(15);
        // two active props per player count once; the inactive rows are filtered out
        assertThat(game.players("predictions")).isEqualTo(4);
        assertThat(game.started()).isFalse();
        assertThat(c.phase("predictions").orElseThrow().ran()).isTrue();
        assertThat(c.phase("context").orElseThrow().ran()).isFalse();
        assertThat(c.phase("predictions").orElseThrow().coverage()).isEqualTo(4 / 30.0);
        assertThat(c.alertDeadline(java.time.Duration.ofHours(2))).contains(TIPOFF.minusSeconds(7200));
    }

    @Test
    void eachGameIsCappedAtItsExpectedCountAndADateWithoutGamesIsFullyCovered() {
        Slate slate = new Slate(fixture.store);
        slate.rosters(Map.of("BOS", DAY, "BKN", DAY));
        slate.games(DAY, List.of(new Slate.Game("BOS", "BKN", TIPOFF, 0)), Set.of());
        // players outside the rosters (e.g. a signing not scraped yet) cannot lift coverage above 1
        slate.predictions(DAY, "20260123_BOS_BKN", java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "extra_" + i).toList());

        DateCoverage c = calculator.compute(DAY, TIPOFF, Set.of());
        assertThat(c.games().get(0).players("predictions")).isEqualTo(40);
        assertThat(c.games().get(0).ratio("predictions")).isEqualTo(1.0);
        assertThat(c.phase("predictions").orElseThrow().coverage()).isEqualTo(1.0);
        assertThat(c.games().get(0).started()).isTrue();

        DateCoverage empty = calculator.compute(DAY.plusDays(5), TIPOFF, Set.of());
        assertThat(empty.games()).isEmpty();
        assertThat(empty.phases()).allSatisfy(p -> assertThat(p.coverage()).isEqualTo(1.0));
        assertThat(empty.toReport().phases()).extracting(p -> p.processor())
                .containsExactly("UpcomingPlayerGameContextProcessor", "MLFeatureStoreProcessor",
                        "PredictionCoordinator");
    }

    @Test
    void anOlderRosterVerdictArrivingLateDoesNotReplaceANewerOne() {
        PipelineAlertStore store = new PipelineAlertStore(fixture.store);
        Instant newer = Instant.parse("2026-01-23T12:00:00Z");
        assertThat(store.recordRosterVerdict("espn", newer, false, "info", List.of(), null)).isTrue();
        assertThat(store.recordRosterVerdict("espn", newer.minusSeconds(3600), true, "critical", List.of(
                new Observations.TeamRosterVerdict("POR", "stale", LocalDate.parse("2026-01-14"), 9)), null))
                .isFalse();
        assertThat(store.staleTeams()).isEmpty();

        assertThat(store.recordRosterVerdict("espn", newer.plusSeconds(60), true, "critical", List.of(
                new Observations.TeamRosterVerdict("POR", "stale", LocalDate.parse("2026-01-14"), 9)), "c-1"))
                .isTrue();
        assertThat(store.staleTeams()).containsOnlyKeys("POR");
        assertThat(store.recordRosterVerdict("espn", newer.plusSeconds(60), true, "critical", List.of(), null))
                .as("the same verdict redelivered").isFalse();
        assertThat(store.staleTeams()).containsOnlyKeys("POR");
    }
}
