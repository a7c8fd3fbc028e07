package dev.rebound.runtime.pubsub;

/** A publish did not complete; callers let it propagate so the triggering message is retried. */
public class PublishFailedException extends RuntimeException {
    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
