package dev.rebound.runtime.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit for single-statement writes. Callers on many threads hand in one statement each and block; one
 * writer thread takes every statement waiting at that moment, runs each inside its own savepoint on one connection,
 * commits them together, then answers every caller with its own row count or its own error.
 *
 * <p>For a caller nothing changes: its statement is atomic on its own (a failing statement is undone alone — by
 * the engine where it does that, H2 does, otherwise by a savepoint per statement — and only its caller sees the
 * error), and it is committed before {@code execute} returns — so a push is
 * still acknowledged only after its effect is durable. What changes is the cost: with the embedded database writing
 * through on every commit ({@code WRITE_DELAY=0}), the commit is most of the price of a small write, and N
 * concurrent writes now pay for one. A commit that fails fails every statement of its group; each caller treats
 * that as the transient failure it is (its message is redelivered).
 *
 * <p>Statements of one group run in arrival order on one connection, so a guarded UPDATE sees the writes queued
 * before it, exactly as it would have one commit later. The writer thread exists only while there is work: it ends
 * after an idle spell and the next write starts it again.
 */
final class GroupCommitWriter {
    private static final long IDLE_EXIT_MS = 5_000;

    private final DataSource dataSource;
    private final int maxGroup;
    private final long idleExitMs;
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong writers = new AtomicLong();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private boolean writerRunning;
    private volatile Boolean statementAtomic;
    private volatile Thread writer;

    GroupCommitWriter(DataSource dataSource, int maxGroup) {
        this(dataSource, maxGroup, IDLE_EXIT_MS);
    }

    GroupCommitWriter(DataSource dataSource, int maxGroup, long idleExitMs) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1, was " + maxGroup);
        }
        this.dataSource = dataSource;
        this.maxGroup = maxGroup;
        this.idleExitMs = idleExitMs;
    }

    /** Commits run so far (each carrying one or more statements). */
    long groupsCommitted() {
        return groups.get();
    }

    /** Statements committed so far; divided by {@link #groupsCommitted()}, the mean group size. */
    long statementsCommitted() {
        return statements.get();
    }

    /** Writer threads started so far (one per busy spell). */
    long writersStarted() {
        return writers.get();
    }

    /** Uses a savepoint per statement whatever the engine (as for one without statement-level atomicity). */
    GroupCommitWriter withSavepoints() {
        statementAtomic = false;
        return this;
    }

    /** Whether a writer thread is running now. */
    boolean writerRunning() {
        lifecycle.lock();
        try {
            return writerRunning;
        } finally {
            lifecycle.unlock();
        }
    }

    /** Statements waiting for the writer. */
    int waiting() {
        return queue.size();
    }

    /** Runs the statement in the next group; returns its affected-row count once the group is committed. */
    long execute(NamedParameters.Positional statement, Map<String, Object> params) throws SQLException {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("the group-commit writer cannot wait for itself");
        }
        Pending pending = new Pending(statement, params);
        queue.add(pending);
        ensureWriter();
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for the group commit; the write may or may not"
                    + " have been committed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void ensureWriter() {
        lifecycle.lock();
        try {
            if (!writerRunning) {
                writerRunning = true;
                Thread t = new Thread(this::drain, "warehouse-group-commit");
                t.setDaemon(true);
                writer = t;
                writers.incrementAndGet();
                t.start();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void drain() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (true) {
            Pending first;
            try {
                first = queue.poll(idleExitMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                lifecycle.lock();
                try {
                    // a write queued before this check is seen here; one queued after it starts a new writer
                    if (queue.isEmpty()) {
                        writerRunning = false;
                        writer = null;
                        return;
                    }
                } finally {
                    lifecycle.unlock();
                }
                continue;
            }
            group.clear();
            group.add(first);
            queue.drainTo(group, maxGroup - 1);
            try {
                runGroup(group);
            } catch (Error e) {
                // no caller may wait forever: fail this group, hand the queue to a fresh writer, let the error out
                SQLException failure = new SQLException("Group commit failed: " + e, e);
                group.forEach(p -> p.result.completeExceptionally(failure));
                lifecycle.lock();
                try {
                    writerRunning = false;
                    writer = null;
                } finally {
                    lifecycle.unlock();
                }
                if (!queue.isEmpty()) {
                    ensureWriter();
                }
                throw e;
            }
        }
    }

    private void runGroup(List<Pending> group) {
        long[] counts = new long[group.size()];
        SQLException[] errors = new SQLException[group.size()];
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean savepoints = group.size() > 1 && !statementLevelAtomicity(c);
                for (int i = 0; i < group.size(); i++) {
                    Pending p = group.get(i);
                    Savepoint savepoint = savepoints ? c.setSavepoint() : null;
                    try (PreparedStatement st = c.prepareStatement(p.statement.sql())) {
                        JdbcWarehouse.bind(st, p.statement, p.params);
                        counts[i] = st.executeLargeUpdate();
                        if (savepoint != null) {
                            c.releaseSavepoint(savepoint);
                        }
                    } catch (SQLException e) {
                        errors[i] = e;
                        if (savepoint != null) {
                            c.rollback(savepoint);
                        } else if (group.size() == 1) {
                            c.rollback();
                        }
                        // else the engine has already undone the failed statement alone
                    }
                }
                c.commit();
                groups.incrementAndGet();
                statements.addAndGet(group.size());
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreQuietly(c, autoCommit);
            }
        } catch (SQLException | RuntimeException e) {
            SQLException failure = e instanceof SQLException sql ? sql
                    : new SQLException("Group commit failed: " + e.getMessage(), e);
            for (Pending p : group) {
                p.result.completeExceptionally(failure);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            if (errors[i] != null) {
                group.get(i).result.completeExceptionally(errors[i]);
            } else {
                group.get(i).result.complete(counts[i]);
            }
        }
    }

    /**
     * Whether a failing statement inside a transaction is undone on its own while the transaction goes on (H2 does
     * this), so the group needs no savepoint per statement — in H2 a savepoint is a parsed command, about a tenth of
     * the writer's time. Other engines (PostgreSQL aborts the whole transaction) get a savepoint per statement.
     */
    private boolean statementLevelAtomicity(Connection c) throws SQLException {
        Boolean known = statementAtomic;
        if (known == null) {
            known = "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
            statementAtomic = known;
        }
        return known;
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreQuietly(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // the pool validates the connection before handing it out again
        }
    }

    private record Pending(NamedParameters.Positional statement, Map<String, Object> params,
            CompletableFuture<Long> result) {
        Pending(NamedParameters.Positional statement, Map<String, Object> params) {
            this(statement, params, new CompletableFuture<>());
        }
    }
}
