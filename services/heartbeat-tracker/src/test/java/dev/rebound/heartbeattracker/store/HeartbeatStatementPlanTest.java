package dev.rebound.heartbeattracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.TestStores;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat's UPDATE, the busiest statement, as the real PostgreSQL server plans it: it must find its run by the
 * whole key, not read every running run of the processor and filter them, also before the table has statistics (a
 * new table, or one autovacuum has not analysed yet).
 */
class HeartbeatStatementPlanTest {
    private static final LocalDate DATE = LocalDate.parse("2026-01-23");
    private static final Instant START = Instant.parse("2026-01-23T12:00:00Z");

    @Test
    void aHeartbeatReadsOnlyItsOwnRunWhenItsProcessorHasManyRunning() {
        StateStore store = TestStores.migrated("heartbeat_tracker", "heartbeat-tracker");
        RunStore runs = new RunStore(store);
        for (int r = 0; r < 1_000; r++) {
            runs.insert(TrackedRun.started(null, new ProcessorStarted("P", "run-" + r, DATE, START, 60,
                    RunTrigger.SCHEDULED), 60, START).run(), START);
        }
        assertThat(store.query(Sql.of("SELECT count(*) AS n FROM pg_stats WHERE tablename = 'heartbeat_runs'"))
                .get(0).getLong("n")).as("statistics of heartbeat_runs").isZero();

        Instant at = START.plusSeconds(30);
        String plan = explainAnalyze(store, RunStore.heartbeatOfRunningRun(new ProcessorHeartbeat("P", "run-500",
                DATE, at, new ProcessorHeartbeat.Progress(1, 10)), at, at));

        assertThat(plan).as("plan of the heartbeat UPDATE:%n%s", plan)
                .containsPattern("Index Cond: .*processor.*run_id")
                .doesNotContain("Rows Removed by Filter")
                .containsPattern("Index Scan.*actual rows=1 ");
    }

    private static String explainAnalyze(StateStore store, Sql statement) {
        Sql explain = Sql.of("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement.text());
        for (Map.Entry<String, Object> p : statement.params().entrySet()) {
            explain = explain.bind(p.getKey(), p.getValue());
        }
        return store.query(explain).stream().map(r -> r.getString("QUERY PLAN")).collect(Collectors.joining("\n"));
    }
}
