package dev.rebound.client;

/**
 * Pub/Sub refused the message itself (INVALID_ARGUMENT, HTTP 400): sending it again cannot help, so an
 * {@link EventSink} throws this to stop the client's retries at once.
 */
public class PublishRefusedException extends Exception {
    public PublishRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
