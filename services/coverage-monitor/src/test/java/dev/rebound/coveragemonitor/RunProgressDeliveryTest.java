package dev.rebound.coveragemonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The deadline forecast's inputs arrive on the service's own processor-heartbeats subscription, through the real
 * emulator, push endpoint and ce-id ledger: a start and heartbeats delivered out of order, one of them twice, leave
 * the run's start, its earliest and its newest progress sample, whatever the order they were handled in.
 */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(GameDayClockProfile.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service",
        value = "coverage-monitor"))
class RunProgressDeliveryTest {
    private static final LocalDate DAY = LocalDate.parse("2026-02-10");
    private static final String RUN = "run-delivery-mlfs";

    @Inject
    StateStore store;

    private static Event<?> event(EventPayload payload) {
        return Event.of("//tests/progress", Instant.parse("2026-02-10T19:10:00Z"), payload, null);
    }

    private static ProcessorHeartbeat heartbeat(String time, long done) {
        return new ProcessorHeartbeat("MLFeatureStoreProcessor", RUN, DAY, Instant.parse(DAY + "T" + time + "Z"),
                new ProcessorHeartbeat.Progress(done, 100));
    }

    private Optional<Row> run() {
        return store.query(Sql.of("SELECT * FROM coverage_run_progress WHERE run_id = @r").bind("r", RUN)).stream()
                .findFirst();
    }

    @Test
    void startsAndHeartbeatsInAnyOrderAndTwiceLeaveTheEarliestAndNewestProgress() {
        Event<?> newest = event(heartbeat("19:05:00", 20));
        for (Event<?> e : List.of(newest, event(new ProcessorStarted("MLFeatureStoreProcessor", RUN, DAY,
                Instant.parse("2026-02-10T19:00:00Z"), 60, RunTrigger.SCHEDULED)), newest,
                event(heartbeat("19:03:00", 10)), event(heartbeat("19:04:00", 0)))) {
            PubSubEmulatorResource.client().publish(e);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> run().filter(r -> r.getInstant("started_at") != null
                && Long.valueOf(10).equals(r.getLong("first_progress_done"))
                && Long.valueOf(20).equals(r.getLong("last_progress_done"))).isPresent());
        Row r = run().orElseThrow();
        assertThat(r.getInstant("started_at")).isEqualTo(Instant.parse("2026-02-10T19:00:00Z"));
        assertThat(r.getInt("heartbeat_interval_s")).isEqualTo(60);
        assertThat(r.getInstant("first_progress_at")).isEqualTo(Instant.parse("2026-02-10T19:03:00Z"));
        assertThat(r.getInstant("last_progress_at")).isEqualTo(Instant.parse("2026-02-10T19:05:00Z"));
        assertThat(r.getLong("last_progress_done")).isEqualTo(20);
        assertThat(r.getInstant("last_seen_at")).isEqualTo(Instant.parse("2026-02-10T19:05:00Z"));
        assertThat(store.query(Sql.of("SELECT ce_id FROM processed_events WHERE ce_id = @id")
                .bind("id", newest.attributes().id()))).hasSize(1);
    }
}
