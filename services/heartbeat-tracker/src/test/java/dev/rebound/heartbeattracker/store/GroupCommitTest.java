package dev.rebound.heartbeattracker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import dev.rebound.heartbeattracker.RunKey;
import dev.rebound.heartbeattracker.TrackedRun;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreException;
import dev.rebound.testing.TestStores;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on a real PostgreSQL server. A transaction holding one row's lock keeps the first batch in flight, so
 * what queues behind it is known exactly.
 */
class GroupCommitTest {
    private static final String NEWER = "UPDATE gc SET v = @v / @d WHERE k = @k AND v < @v / @d";

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private StateStore store;
    private GroupCommit commits;

    @BeforeEach
    void freshStore() {
        store = TestStores.migrated("heartbeat_tracker", "heartbeat-tracker");
        store.execute(Sql.of("CREATE TABLE gc (k VARCHAR(16) PRIMARY KEY, v INT NOT NULL)"));
        store.execute(Sql.of("INSERT INTO gc VALUES ('locked', 0), ('a', 0), ('b', 0), ('c', 0), ('d', 0)"));
        commits = new GroupCommit(store, 64);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void theWritesThatQueueDuringABatchAreTheNextBatchAndEachGetsItsOwnCount() throws Exception {
        HeldBatch held = holdFirstBatch();
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (String k : List.of("a", "b", "c")) {
            queued.add(write(k, 5, 1));
        }
        queued.add(write("d", 0, 1)); // not newer than what is stored: 0 rows
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() == 4);

        assertThat(held.release()).isEqualTo(1);
        List<Long> counts = new ArrayList<>();
        for (CompletableFuture<Long> f : queued) {
            counts.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(counts).containsExactly(1L, 1L, 1L, 0L);
        assertThat(commits.batches()).as("the first write alone, then the four that queued behind it").isEqualTo(2);
        assertThat(store.query(Sql.of("SELECT sum(v) AS s FROM gc")).get(0).getLong("s")).isEqualTo(16L);
    }

    @Test
    void aSecondWriteOfTheSameRowWaitsForTheNextBatch() throws Exception {
        HeldBatch held = holdFirstBatch();
        CompletableFuture<Long> older = write("a", 3, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() == 1);
        CompletableFuture<Long> newer = write("a", 4, 1);
        CompletableFuture<Long> stale = write("b", 0, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() == 3);

        assertThat(held.release()).isEqualTo(1);
        assertThat(older.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(newer.get(10, TimeUnit.SECONDS)).as("its own count, not the first write's").isEqualTo(1);
        assertThat(stale.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(commits.batches()).isEqualTo(3);
        assertThat(store.query(Sql.of("SELECT v FROM gc WHERE k = 'a'")).get(0).getLong("v")).isEqualTo(4L);
    }

    @Test
    void aWriteTheServerRefusesFailsAloneAndTheNextWriteStillLeads() throws Exception {
        HeldBatch held = holdFirstBatch();
        CompletableFuture<Long> valid = write("a", 7, 1);
        CompletableFuture<Long> refused = write("b", 7, 0); // division by zero: fails the batch, then alone
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() == 2);

        assertThat(held.release()).isEqualTo(1);
        assertThat(valid.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(StoreException.class).withMessageContaining("division by zero");
        assertThat(store.query(Sql.of("SELECT v FROM gc WHERE k = 'a'")).get(0).getLong("v")).isEqualTo(7L);
        assertThat(write("a", 8, 1).get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aBatchThatMayPassLaterFailsEachOfItsWritesAndCommitsNone() throws Exception {
        HeldBatch held = holdFirstBatch();
        CompletableFuture<Long> a = write("a", 2, 1);
        CompletableFuture<Long> b = write("b", 2, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() == 2);
        // another transaction holds b and, once the batch holds a and waits for b, wants a: a deadlock, which the
        // server breaks by aborting the batch (it waited first)
        CountDownLatch holdsB = new CountDownLatch(1);
        CountDownLatch wantA = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> store.inTransaction(() -> {
            store.query(Sql.of("SELECT v FROM gc WHERE k = 'b' FOR UPDATE"));
            holdsB.countDown();
            awaitLatch(wantA);
            store.execute(Sql.of("UPDATE gc SET v = 100 WHERE k = 'a'"));
        }), threads);
        assertThat(holdsB.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(held.release()).isEqualTo(1);
        awaitBlockedOnTheLock();
        wantA.countDown();

        for (CompletableFuture<Long> f : List.of(a, b)) {
            assertThat(f).failsWithin(Duration.ofSeconds(20)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.isTransient()).as("redelivered, not refused: %s", e).isTrue());
        }
        other.get(20, TimeUnit.SECONDS);
        assertThat(store.query(Sql.of("SELECT k, v FROM gc WHERE k IN ('a', 'b') ORDER BY k")).stream()
                .map(r -> r.getLong("v")).toList()).as("the other transaction's a, nothing of the batch")
                .containsExactly(100L, 0L);
    }

    @Test
    void manyConcurrentHeartbeatsThroughTheRunStoreAreAllWrittenInFewerTransactions() throws Exception {
        RunStore runs = new RunStore(store);
        Instant start = Instant.parse("2026-01-23T12:00:00Z");
        int runCount = 16;
        int beats = 40;
        for (int r = 0; r < runCount; r++) {
            TrackedRun run = TrackedRun.started(null, new ProcessorStarted("P", "run-" + r, LocalDate.parse(
                    "2026-01-23"), start, 60, RunTrigger.SCHEDULED), 60, start).run();
            runs.insert(run, start);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int r = 0; r < runCount; r++) {
            String runId = "run-" + r;
            workers.add(CompletableFuture.supplyAsync(() -> {
                awaitLatch(go);
                int written = 0;
                for (int i = 1; i <= beats; i++) {
                    Instant at = start.plusSeconds(i);
                    // every other heartbeat without progress: the stored progress stays
                    ProcessorHeartbeat.Progress progress = i % 2 == 1 ? new ProcessorHeartbeat.Progress(i, 100) : null;
                    if (runs.recordHeartbeatOfRunningRun(new ProcessorHeartbeat("P", runId,
                            LocalDate.parse("2026-01-23"), at, progress), at, at)) {
                        written++;
                    }
                }
                return written;
            }, threads));
        }
        go.countDown();
        for (CompletableFuture<Integer> w : workers) {
            assertThat(w.get(60, TimeUnit.SECONDS)).isEqualTo(beats);
        }
        assertThat(runs.heartbeatBatches()).as("transactions for %d heartbeats", runCount * beats)
                .isLessThan(runCount * beats);
        for (int r = 0; r < runCount; r++) {
            TrackedRun run = runs.find(new RunKey("P", "run-" + r)).orElseThrow();
            assertThat(run.lastHeartbeatAt()).isEqualTo(start.plusSeconds(beats));
            assertThat(run.progressDone()).as("the last heartbeat with progress").isEqualTo(beats - 1L);
        }
    }

    // ---- helpers

    private CompletableFuture<Long> write(String key, int v, int divisor) {
        return CompletableFuture.supplyAsync(() -> commits.write(key, Sql.of(NEWER).bind("k", key).bind("v", v)
                .bind("d", divisor)), threads);
    }

    /** A write of the row 'locked', in flight and blocked on that row's lock: what is written meanwhile queues. */
    private record HeldBatch(Lock lock, CompletableFuture<Long> first) {
        /** Lets the first batch commit; returns its count. */
        long release() throws Exception {
            lock.release();
            return first.get(10, TimeUnit.SECONDS);
        }
    }

    private HeldBatch holdFirstBatch() throws InterruptedException {
        Lock lock = lockRow("locked");
        CompletableFuture<Long> first = write("locked", 1, 1);
        awaitBlockedOnTheLock();
        return new HeldBatch(lock, first);
    }

    private void awaitBlockedOnTheLock() {
        await().atMost(Duration.ofSeconds(10)).until(() -> store.query(Sql.of("SELECT count(*) AS n FROM"
                + " pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).get(0)
                .getLong("n") == 1);
    }

    private interface Lock {
        void release();
    }

    /** A transaction on another thread holding the row's lock until released. */
    private Lock lockRow(String key) throws InterruptedException {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.submit(() -> store.inTransaction(() -> {
            store.query(Sql.of("SELECT v FROM gc WHERE k = @k FOR UPDATE").bind("k", key));
            locked.countDown();
            awaitLatch(release);
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        return release::countDown;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
