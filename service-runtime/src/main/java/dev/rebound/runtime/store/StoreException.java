package dev.rebound.runtime.store;

import java.sql.SQLException;

/**
 * A state-store statement failed. {@link #isTransient()} says whether trying again later can succeed (the server is
 * unreachable or restarting, a deadlock or serialization conflict, no connection free in time): the message that
 * caused it is then redelivered. Anything else (a constraint or a statement the server refuses) is a defect that
 * another attempt will not fix.
 */
public class StoreException extends RuntimeException {
    private final String sqlState;
    private final boolean transientFailure;

    public StoreException(String message, SQLException cause) {
        super(message, cause);
        this.sqlState = cause.getSQLState();
        this.transientFailure = isTransient((Throwable) cause);
    }

    public String sqlState() {
        return sqlState;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /**
     * PostgreSQL's SQLSTATE classes: 08 connection exception, 40 transaction rollback (serialization failure,
     * deadlock), 53 insufficient resources, 57P operator intervention (shutdown, crash recovery), 58 system error.
     * No SQLSTATE at all is the pool's own failure (acquisition timeout, closed connection).
     */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreException store) {
                return store.isTransient();
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57P") || state.startsWith("58")) {
                    return true;
                }
            }
        }
        return false;
    }
}
