package dev.rebound.runtime.store;

import dev.rebound.runtime.sql.Jdbc;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * A service's transactional state: PostgreSQL (Cloud SQL in production, a local server otherwise), in the service's
 * own schema. Outside a transaction each statement commits on its own; inside {@link #inTransaction} every statement
 * of the calling thread runs on one connection and commits or rolls back together, so a handled message's state
 * change, its ledger row and the events it must publish (the outbox) are one atomic unit. Affected-row counts are
 * exact, so a guarded {@code UPDATE ... WHERE version = ...} decides who acts; rows a decision depends on are locked
 * with {@code SELECT ... FOR UPDATE}.
 */
public class StateStore {
    private static final Logger LOG = Logger.getLogger(StateStore.class);

    /** Work run inside a transaction; may throw what its caller throws. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface VoidWork<E extends Exception> {
        void run() throws E;
    }

    private static final class Tx {
        final Connection connection;
        final List<Runnable> afterCommit = new ArrayList<>();

        Tx(Connection connection) {
            this.connection = connection;
        }
    }

    private final DataSource dataSource;
    private final String schema;
    private final Clock clock;
    private final ThreadLocal<Tx> current = new ThreadLocal<>();
    private volatile Instant unavailableSince;
    private volatile Instant lastRecoveredAt;

    public StateStore(DataSource dataSource, String schema) {
        this(dataSource, schema, Clock.systemUTC());
    }

    /** {@code clock} dates the outages it sees (the service's clock, so timing logic can compare). */
    public StateStore(DataSource dataSource, String schema, Clock clock) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.clock = clock;
    }

    /**
     * When the store last answered again after failing with a transient error (unreachable, restarting): whoever
     * judges time by events that could not be recorded meanwhile holds back until they have been redelivered.
     */
    public Optional<Instant> lastRecoveredAt() {
        return Optional.ofNullable(lastRecoveredAt);
    }

    /** The service's schema (its connections' search path). */
    public String schema() {
        return schema;
    }

    public List<Row> query(Sql sql) {
        return withConnection(sql, c -> Jdbc.query(c, sql));
    }

    /** Runs DML; returns the exact number of rows it inserted, updated or deleted. */
    public long execute(Sql sql) {
        return withConnection(sql, c -> Jdbc.execute(c, sql));
    }

    /**
     * Runs one DML statement with each set of parameters, in one round trip and one transaction (the caller's, or
     * one of its own committed before this returns): all of them or none. Every statement must have the same text.
     * Returns each statement's exact affected-row count, in order.
     */
    public long[] executeBatch(List<Sql> statements) {
        if (statements.isEmpty()) {
            return new long[0];
        }
        Sql first = statements.get(0);
        for (Sql sql : statements) {
            if (!sql.text().equals(first.text())) {
                throw new IllegalArgumentException("a batch runs one statement text: [" + Jdbc.abbreviate(first.text())
                        + "] and [" + Jdbc.abbreviate(sql.text()) + "]");
            }
        }
        if (current.get() != null) {
            return withConnection(first, c -> Jdbc.executeBatch(c, statements));
        }
        return inTransaction(() -> withConnection(first, c -> Jdbc.executeBatch(c, statements)));
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (and the exception
     * passed on). A call inside another transaction joins it.
     */
    public <T, E extends Exception> T inTransaction(Work<T, E> work) throws E {
        if (current.get() != null) {
            return work.run();
        }
        Connection c;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw failed(new StoreException("No connection to the state store: " + e.getMessage(), e));
        }
        Tx tx = new Tx(c);
        current.set(tx);
        boolean committed = false;
        try {
            T result = work.run();
            c.commit();
            committed = true;
            answered();
            return result;
        } catch (SQLException e) {
            throw failed(new StoreException("Commit failed: " + e.getMessage(), e));
        } finally {
            current.remove();
            if (!committed) {
                rollbackQuietly(c);
            }
            close(c);
            if (committed) {
                tx.afterCommit.forEach(StateStore::runQuietly);
            }
        }
    }

    public <E extends Exception> void inTransaction(VoidWork<E> work) throws E {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    public boolean inTransaction() {
        return current.get() != null;
    }

    /** Runs {@code action} once the current transaction has committed (at once when there is none). */
    public void afterCommit(Runnable action) {
        Tx tx = current.get();
        if (tx == null) {
            action.run();
        } else {
            tx.afterCommit.add(action);
        }
    }

    /** Runs a script of ';'-separated statements in one transaction (local stand-in tables). */
    public void executeScript(String script) {
        inTransaction(() -> {
            for (String statement : script.split(";\\s*(\\r?\\n|$)")) {
                String trimmed = statement.strip();
                if (!trimmed.isEmpty() && !trimmed.lines().allMatch(l -> l.strip().startsWith("--") || l.isBlank())) {
                    execute(Sql.of(trimmed));
                }
            }
        });
    }

    public boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            boolean valid = c.isValid(2);
            if (valid) {
                answered();
            }
            return valid;
        } catch (SQLException e) {
            failed(new StoreException("No connection to the state store: " + e.getMessage(), e));
            return false;
        }
    }

    private interface OnConnection<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T withConnection(Sql sql, OnConnection<T> action) {
        Tx tx = current.get();
        try {
            if (tx != null) {
                return action.apply(tx.connection);
            }
            try (Connection c = dataSource.getConnection()) {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                T result = action.apply(c);
                answered();
                return result;
            }
        } catch (SQLException e) {
            throw failed(new StoreException("Statement failed: " + e.getMessage() + " ["
                    + Jdbc.abbreviate(sql.text()) + "]", e));
        }
    }

    private StoreException failed(StoreException e) {
        if (e.isTransient() && unavailableSince == null) {
            unavailableSince = clock.instant();
        }
        return e;
    }

    private void answered() {
        if (unavailableSince != null) {
            unavailableSince = null;
            lastRecoveredAt = clock.instant();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debugf("Rollback failed (the connection is gone, which rolls back too): %s", e.getMessage());
        }
    }

    private static void close(Connection c) {
        try {
            c.setAutoCommit(true);
            c.close();
        } catch (SQLException e) {
            LOG.debugf("Closing a state-store connection failed: %s", e.getMessage());
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "An after-commit action failed; the committed work stands");
        }
    }
}
