package dev.rebound.runtime.push;

/**
 * Something this service depends on is busy or unavailable right now, and the same message will very likely go
 * through later (a row that kept changing under optimistic concurrency, say). Thrown from a handler, the message is
 * answered 5xx at once and Pub/Sub redelivers it; see {@link TransientFailures}.
 */
public class TransientFailureException extends RuntimeException {
    public TransientFailureException(String message) {
        super(message);
    }

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
