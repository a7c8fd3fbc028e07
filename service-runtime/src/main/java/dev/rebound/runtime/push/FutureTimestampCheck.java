package dev.rebound.runtime.push;

import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventPayload;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Violation;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Refuses an event that says it happened further in the future than clocks can disagree: its {@code ce-time} or
 * its own time field (the {@link EventPayload#occurrence()}) more than {@value #KEY} ahead of this service's clock.
 * Such a time is a producer's broken clock or a forgery, and believed it would postpone verdicts: a heartbeat from
 * next week would keep a dead run "alive" all week. Refused events are quarantined naming the field. Created at
 * startup, so that an invalid setting stops the service there, naming the key.
 */
@Startup
@ApplicationScoped
public class FutureTimestampCheck {
    public static final String KEY = "rebound.events.max-future-skew";

    private final Supplier<Instant> clock;
    private final Duration maxSkew;

    @Inject
    public FutureTimestampCheck(ScenarioClock clock, ReboundConfig config) {
        this(clock::instantFromStart, config.events().maxFutureSkew());
    }

    /** @param clock this service's time (in a replay: never before the scenario's start) */
    public FutureTimestampCheck(Supplier<Instant> clock, Duration maxSkew) {
        if (maxSkew.isNegative()) {
            throw new ConfigurationException(KEY + " must be zero or a positive duration, was " + maxSkew);
        }
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /** @throws EventValidationException naming every time field that lies too far ahead */
    public void check(Event<?> event) {
        Instant now = clock.get();
        Instant latest = now.plus(maxSkew);
        List<Violation> violations = new ArrayList<>();
        if (event.attributes().time().isAfter(latest)) {
            violations.add(ahead("attributes." + EventAttributes.TIME, event.attributes().time(), now));
        }
        EventPayload.Occurrence own = event.data().occurrence();
        if (own.at() != null && own.at().isAfter(latest)) {
            violations.add(ahead("data." + own.field(), own.at(), now));
        }
        if (!violations.isEmpty()) {
            throw new EventValidationException(violations);
        }
    }

    private Violation ahead(String path, Instant claimed, Instant now) {
        return new Violation(path, "is " + claimed + ", more than " + maxSkew + " ahead of this service's clock ("
                + now + ")");
    }
}
