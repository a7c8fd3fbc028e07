package dev.rebound.runtime.push;

import dev.rebound.runtime.config.ReboundConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs a handler on one message. A transient failure ({@link TransientFailures}) goes straight back to Pub/Sub for
 * redelivery; any other failure is tried again right here, up to {@value #KEY} attempts in all, and then the
 * message is refused for good ({@link DeterministicFailureException}, quarantined with the exception as its reason)
 * instead of cycling through 5xx until it lands in dead letters. Handlers are idempotent, so another attempt is safe.
 * Created at startup, so that an invalid setting stops the service there, naming the key.
 */
@Startup
@ApplicationScoped
public class HandlerAttempts {
    public static final String KEY = "rebound.push.handler-attempts";
    private static final Logger LOG = Logger.getLogger(HandlerAttempts.class);

    /** A handler's work on one message, with what it came to. */
    public interface Work<T> {
        T run() throws Exception;
    }

    /** A handler failed the same deterministic way on every local attempt: the message is refused for good. */
    public static final class DeterministicFailureException extends EventRejectedException {
        DeterministicFailureException(Exception cause, int attempts) {
            super("handler", cause.getClass().getName() + ": " + cause.getMessage() + " (" + attempts
                    + (attempts == 1 ? " attempt)" : " attempts)"));
            initCause(cause);
        }
    }

    private final int attempts;

    @Inject
    public HandlerAttempts(ReboundConfig config) {
        this(config.push().handlerAttempts());
    }

    public HandlerAttempts(int attempts) {
        if (attempts < 1) {
            throw new ConfigurationException(KEY + " must be at least 1 (the first attempt), was " + attempts);
        }
        this.attempts = attempts;
    }

    /**
     * Returns what the work came to once it succeeded.
     *
     * @throws EventRejectedException the handler's own verdict, or a {@link DeterministicFailureException}
     * @throws Exception              a transient failure, as it was thrown
     */
    public <T> T run(Work<T> work, String messageId) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (EventRejectedException rejected) {
                throw rejected;
            } catch (Exception e) {
                if (TransientFailures.isTransient(e)) {
                    throw e;
                }
                if (attempt >= attempts) {
                    LOG.errorf(e, "Handling %s failed the same way %d times; quarantining it", messageId, attempt);
                    throw new DeterministicFailureException(e, attempt);
                }
                LOG.warnf("Handling %s failed (attempt %d of %d), trying again: %s", messageId, attempt, attempts, e);
            }
        }
    }
}
