package dev.rebound.runtime.push;

/** A handler's verdict that an event is valid by schema but can never be processed: quarantine it. */
public class EventRejectedException extends RuntimeException {
    private final String path;

    public EventRejectedException(String path, String reason) {
        super(reason);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
