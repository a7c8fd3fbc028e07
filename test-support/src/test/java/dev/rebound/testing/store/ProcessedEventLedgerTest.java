package dev.rebound.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.runtime.idempotency.ProcessedEventLedger;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.TestStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ce-id ledger on a real PostgreSQL server: claims commit with the handler's work, or not at all. */
class ProcessedEventLedgerTest {
    private StateStore store;
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-23T06:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void freshStore() {
        store = TestStores.migrated("ledger_test", null);
    }

    private ProcessedEventLedger ledger() {
        return new ProcessedEventLedger(store, clock, Duration.ofDays(14), 1000);
    }

    @Test
    void aClaimIsGrantedOnceAndSurvivesARestart() {
        ProcessedEventLedger ledger = ledger();
        assertThat(store.inTransaction(() -> ledger.claim("svc", "id-1"))).isTrue();
        assertThat(store.inTransaction(() -> ledger.claim("svc", "id-1"))).isFalse();
        assertThat(store.inTransaction(() -> ledger.claim("other-svc", "id-1"))).isTrue();
        assertThat(ledger().alreadyProcessed("svc", "id-1")).as("a new instance reads the table").isTrue();
        assertThat(store.inTransaction(() -> ledger().claim("svc", "id-1"))).isFalse();
    }

    @Test
    void aClaimRolledBackWithItsHandlerIsNotRemembered() {
        ProcessedEventLedger ledger = ledger();
        try {
            store.inTransaction(() -> {
                ledger.claim("svc", "id-2");
                throw new IllegalStateException("the handler failed after claiming");
            });
        } catch (IllegalStateException expected) {
            // the redelivery must be processed
        }
        assertThat(ledger.alreadyProcessed("svc", "id-2")).isFalse();
        assertThat(store.inTransaction(() -> ledger.claim("svc", "id-2"))).isTrue();
    }

    @Test
    void aConcurrentDeliveryWaitsForTheFirstAndIsThenADuplicate() throws Exception {
        ProcessedEventLedger first = ledger();
        ProcessedEventLedger second = ledger();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> store.inTransaction(() -> {
            boolean granted = first.claim("svc", "id-3");
            claimed.countDown();
            awaitQuietly(release);
            return granted;
        }));
        assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> store.inTransaction(
                () -> second.claim("svc", "id-3")));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.query(Sql.of("SELECT count(*) AS n FROM"
                + " pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"))
                .get(0).getLong("n") == 1);
        assertThat(b).as("blocked on the first delivery's row").isNotDone();
        release.countDown();
        assertThat(a.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.get(10, TimeUnit.SECONDS)).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void pruneForgetsEntriesPastTheRetention() {
        store.execute(Sql.of("INSERT INTO processed_events VALUES ('svc', 'old', @at), ('svc', 'new', @now)")
                .bind("at", clock.instant().minus(Duration.ofDays(15))).bind("now", clock.instant()));
        assertThat(ledger().prune()).isEqualTo(1);
        assertThat(ledger().alreadyProcessed("svc", "old")).isFalse();
        assertThat(ledger().alreadyProcessed("svc", "new")).isTrue();
    }
}
