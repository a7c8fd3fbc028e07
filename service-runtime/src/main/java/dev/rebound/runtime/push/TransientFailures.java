package dev.rebound.runtime.push;

import com.google.api.gax.rpc.ApiException;
import dev.rebound.runtime.pubsub.PublishFailedException;
import dev.rebound.runtime.warehouse.WarehouseException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The one place that says which handler failures are <em>transient</em>: a dependency that is down, busy or slow
 * right now, so the same message will go through later and Pub/Sub should redeliver it (5xx / nack). Everything
 * else is <em>deterministic</em>, a fault of this message or of the code handling it, which redelivery would only
 * repeat until dead letters: after its local attempts it is quarantined with the exception as the reason.
 *
 * <p>Transient, anywhere in the cause chain:
 * <ul>
 *   <li>the state store or the warehouse unavailable: {@link WarehouseException}, any {@link SQLException}, also
 *       as the cause of a {@link dev.rebound.runtime.store.StoreException} (connection refused or broken, pool
 *       exhausted, server restarting, lock timeout, deadlock, serialization failure), except an SQL state that says
 *       the statement itself is wrong (below);</li>
 *   <li>a publish that did not complete: {@link PublishFailedException};</li>
 *   <li>timeouts: {@link TimeoutException}, {@link HttpTimeoutException}, and any Google API error the client
 *       itself calls retryable ({@link ApiException#isRetryable()});</li>
 *   <li>interrupted or failed network I/O: {@link InterruptedException}, {@link InterruptedIOException} (socket
 *       timeouts included), {@link SocketException} (connection refused or reset), {@link UnknownHostException};</li>
 *   <li>a handler's own {@link TransientFailureException}.</li>
 * </ul>
 * Deterministic even under a database exception: SQL states of class 22 (data exception: a value too long for its
 * column, a bad number), 23 (integrity constraint violation) and 42 (syntax error or access rule violation) — the
 * same statement would fail the same way every time. (A constraint violation from a race with another instance
 * succeeds on the next local attempt, a new transaction in which the handler reads what the other one wrote.)
 */
public final class TransientFailures {
    private static final Set<String> STATEMENT_FAULT_CLASSES = Set.of("22", "23", "42");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && statementFault(sql)) {
                return false;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientFailureException || t instanceof WarehouseException
                    || t instanceof SQLException || t instanceof PublishFailedException
                    || t instanceof TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof SocketException || t instanceof UnknownHostException
                    || (t instanceof ApiException api && api.isRetryable())) {
                return true;
            }
        }
        return false;
    }

    private static boolean statementFault(SQLException sql) {
        String state = sql.getSQLState();
        return state != null && state.length() >= 2 && STATEMENT_FAULT_CLASSES.contains(state.substring(0, 2));
    }
}
