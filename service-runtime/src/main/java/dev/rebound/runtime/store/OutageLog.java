package dev.rebound.runtime.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Says that a dependency is down once a minute, not once per failed call: the first failure at once, then a line a
 * minute with how many calls failed meanwhile, and one line when it answers again. Real (wall) time.
 */
@ApplicationScoped
public class OutageLog {
    private static final Logger LOG = Logger.getLogger(OutageLog.class);
    static final Duration EVERY = Duration.ofMinutes(1);

    private record Outage(Instant since, Instant lastLogged, long failures) {
    }

    private final Clock clock;
    private final Map<String, Outage> outages = new ConcurrentHashMap<>();

    public OutageLog() {
        this(Clock.systemUTC());
    }

    OutageLog(Clock clock) {
        this.clock = clock;
    }

    public void unavailable(String dependency, Throwable cause) {
        Instant now = clock.instant();
        Outage after = outages.compute(dependency, (k, o) -> o == null ? new Outage(now, null, 1)
                : new Outage(o.since(), o.lastLogged(), o.failures() + 1));
        if (after.lastLogged() == null || !now.isBefore(after.lastLogged().plus(EVERY))) {
            outages.computeIfPresent(dependency, (k, o) -> new Outage(o.since(), now, o.failures()));
            LOG.errorf("The %s is unavailable since %s (%d failed calls): %s", dependency, after.since(),
                    after.failures(), rootMessage(cause));
        }
    }

    public void recovered(String dependency) {
        Outage o = outages.remove(dependency);
        if (o != null) {
            LOG.infof("The %s answers again after %s (%d failed calls)", dependency,
                    Duration.between(o.since(), clock.instant()), o.failures());
        }
    }

    public boolean down(String dependency) {
        return outages.containsKey(dependency);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
