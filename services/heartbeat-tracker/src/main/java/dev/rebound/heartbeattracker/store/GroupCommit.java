package dev.rebound.heartbeattracker.store;

import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import java.util.ArrayDeque;
import dev.rebound.runtime.store.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Group commit for one single-row statement: the writes that arrive while a batch is being committed are written
 * together as the next batch, in one round trip and one transaction, instead of one transaction each. The first
 * writer to find no batch in flight leads: it takes what is queued (its own write included), commits it, hands each
 * writer its statement's affected-row count, and passes the lead to the oldest writer still waiting. No thread of its
 * own, no timer: a write alone is committed at once, and under load a batch is whatever queued during the previous
 * one, so waiting adds at most one batch's commit to a write's latency.
 *
 * <p>A batch holds at most one write per key (a second write of the same row waits for the next batch, so that each
 * write's count is its own), at most {@link #maxBatch} writes, and runs them in key order (the rows' locks are taken
 * in one order by every instance, so two batches never deadlock). When a batch fails for a reason that may pass (the
 * store unreachable, a conflict), each of its writes fails with that exception and none is committed; when the server
 * refuses it, each write is tried alone, so that one bad write fails only itself.
 */
final class GroupCommit {
    private final StateStore store;
    private final int maxBatch;
    private final ArrayDeque<Write> queue = new ArrayDeque<>();
    private boolean leading;
    private long batches;

    private static final class Write {
        final String key;
        final Sql sql;
        boolean done;
        boolean lead;
        long count;
        RuntimeException failure;

        Write(String key, Sql sql) {
            this.key = key;
            this.sql = sql;
        }
    }

    GroupCommit(StateStore store, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.store = store;
        this.maxBatch = maxBatch;
    }

    /**
     * Writes {@code sql} (a statement on the row {@code key} names; every write given to one instance has the same
     * text) and returns its affected-row count once it is committed.
     */
    long write(String key, Sql sql) {
        Write mine = new Write(key, sql);
        boolean interrupted = false;
        synchronized (this) {
            queue.add(mine);
            if (leading) {
                while (!mine.done && !mine.lead) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // a write given up half way could leave the lead with no one: finish it, then say so
                        interrupted = true;
                    }
                }
            } else {
                leading = true;
            }
        }
        try {
            while (!mine.done) {
                commitNextBatch(mine);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.count;
    }

    /** Run by the leader: one batch; once the leader's own write is done, the lead passes on. */
    private void commitNextBatch(Write leader) {
        List<Write> batch = new ArrayList<>();
        synchronized (this) {
            Set<String> keys = new HashSet<>();
            for (Iterator<Write> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch;) {
                Write w = it.next();
                if (keys.add(w.key)) {
                    batch.add(w);
                    it.remove();
                }
            }
        }
        // rows locked in key order, whichever instance writes them: two batches never wait on each other in a cycle
        batch.sort(Comparator.comparing(w -> w.key));
        try {
            long[] counts = store.executeBatch(batch.stream().map(w -> w.sql).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).count = counts[i];
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1 && !StoreException.isTransient(e)) {
                // a write the server refuses must not take the others down with it: each on its own
                for (Write w : batch) {
                    try {
                        w.count = store.execute(w.sql);
                    } catch (RuntimeException alone) {
                        w.failure = alone;
                    }
                }
            } else {
                batch.forEach(w -> w.failure = e);
            }
        }
        synchronized (this) {
            batches++;
            for (Write w : batch) {
                w.done = true;
            }
            if (leader.done) {
                Write next = queue.peek();
                if (next != null) {
                    next.lead = true;
                } else {
                    leading = false;
                }
            }
            notifyAll();
        }
    }

    /** Writes waiting for a batch. */
    synchronized int queued() {
        return queue.size();
    }

    /** Batches committed (or failed) so far. */
    synchronized long batches() {
        return batches;
    }
}
