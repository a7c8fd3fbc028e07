package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.EventType;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.CoverageGap;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Announcements are decided from persisted state only, and a decision and its announcement commit together: a new
 * process over the same store (a restart) announces nothing already announced, and an evaluation that fails after
 * queueing its announcement leaves neither the alert change nor the announcement behind.
 */
class GapAnnouncementsSurviveRestartsTest {
    private static final LocalDate DAY = LocalDate.parse("2026-01-23");
    private static final Instant FIRST_TIPOFF = Instant.parse("2026-01-24T00:00:00Z");
    private static final Instant BEFORE_DEADLINE = Instant.parse("2026-01-23T20:00:00Z");
    private static final Instant AFTER_DEADLINE = Instant.parse("2026-01-23T22:00:00Z");
    private static final String GAP = EventType.COVERAGE_GAP.ceType();
    private static final String TOR_POR = "coverage-gap/2026-01-23/20260123_TOR_POR/predictions/1/";

    private final PostgresFixture fixture = PostgresFixture.create();

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    @BeforeEach
    void seed() {
        Slate slate = new Slate(fixture.store);
        slate.rosters(Map.of("TOR", DAY, "POR", DAY, "BOS", DAY, "BKN", DAY));
        slate.games(DAY, List.of(new Slate.Game("BOS", "BKN", FIRST_TIPOFF, 13),
                new Slate.Game("TOR", "POR", FIRST_TIPOFF.plusSeconds(3 * 3600), 0)), Set.of());
        RunStore runs = new RunStore(fixture.store);
        for (String phase : List.of("UpcomingPlayerGameContextProcessor", "MLFeatureStoreProcessor",
                "PredictionCoordinator")) {
            runs.record(new RunRecord(phase, DAY, "run-" + phase, RunStatus.COMPLETED, BEFORE_DEADLINE, 100L, null,
                    null, null));
        }
    }

    /** Starts a fresh process whose clock stands at {@code now}, evaluates the day, returns the gaps it queued. */
    private int evaluateInANewProcess(Instant now) {
        int before = fixture.outboxIds(GAP).size();
        fixture.instance(PostgresFixture.at(now)).evaluate(DAY);
        return fixture.outboxIds(GAP).size() - before;
    }

    @Test
    void aRestartedProcessAnnouncesNothingAlreadyAnnounced() throws IOException {
        assertThat(evaluateInANewProcess(BEFORE_DEADLINE)).isEqualTo(1);
        assertThat(evaluateInANewProcess(BEFORE_DEADLINE.plusSeconds(60))).isZero();
        assertThat(evaluateInANewProcess(AFTER_DEADLINE)).isEqualTo(1);
        assertThat(evaluateInANewProcess(AFTER_DEADLINE.plusSeconds(60))).isZero();

        assertThat(fixture.outboxIds(GAP)).containsExactly(TOR_POR + "escalated", TOR_POR + "raised");
        Row escalation = fixture.store.query(Sql.of("SELECT data, ordering_key FROM outbox WHERE event_id = @id")
                .bind("id", TOR_POR + "escalated")).get(0);
        assertThat(Json.mapper().readValue((byte[]) escalation.get("data"), CoverageGap.class).severity())
                .isEqualTo(Severity.CRITICAL);
        // the raise and its escalation share an ordering key: the relay never publishes them out of order
        assertThat(fixture.store.query(Sql.of("SELECT DISTINCT ordering_key FROM outbox WHERE ce_type = @t")
                .bind("t", GAP))).extracting(r -> r.getString("ordering_key"))
                .containsExactly("coverage-gap/2026-01-23/20260123_TOR_POR/predictions");
        // every evaluation queued its coverage report, also those that changed nothing
        assertThat(fixture.outboxIds(EventType.COVERAGE_REPORT.ceType())).hasSize(4);
    }

    @Test
    void anEvaluationThatFailsAfterQueueingLeavesNeitherTheAlertNorItsAnnouncement() {
        CoverageEvaluator crashing = fixture.instance(PostgresFixture.at(BEFORE_DEADLINE));
        assertThatThrownBy(() -> fixture.store.inTransaction(() -> {
            crashing.evaluate(DAY);
            assertThat(fixture.outboxIds(GAP)).as("queued inside the transaction").hasSize(1);
            throw new IllegalStateException("the instance fails before its transaction commits (injected)");
        })).hasMessageContaining("injected");
        assertThat(fixture.outboxIds(GAP)).isEmpty();
        assertThat(fixture.store.query(Sql.of("SELECT state FROM coverage_gap_alerts"))).isEmpty();

        assertThat(evaluateInANewProcess(BEFORE_DEADLINE.plusSeconds(30))).isEqualTo(1);
        assertThat(fixture.outboxIds(GAP)).containsExactly(TOR_POR + "raised");
        assertThat(fixture.store.query(Sql.of("SELECT state FROM coverage_gap_alerts"))).hasSize(1);
    }
}
