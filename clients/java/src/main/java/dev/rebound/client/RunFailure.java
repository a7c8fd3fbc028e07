package dev.rebound.client;

import dev.rebound.events.v1.ProcessorFailed.Reason;
import java.util.Objects;

/**
 * Thrown by a processor to say exactly how its run failed: the {@code reason} and whether Rebound may simply run
 * it again. Any other exception is reported as described in {@link RunReporter#fail(Throwable)}.
 */
public class RunFailure extends RuntimeException {
    private final Reason reason;
    private final boolean retryable;

    public RunFailure(Reason reason, String message, boolean retryable) {
        this(reason, message, retryable, null);
    }

    public RunFailure(Reason reason, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryable = retryable;
    }

    /** An input this run needs is missing or too thin (retryable: it may be there next time). */
    public static RunFailure upstreamMissing(String message) {
        return new RunFailure(Reason.UPSTREAM_MISSING, message, true);
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
