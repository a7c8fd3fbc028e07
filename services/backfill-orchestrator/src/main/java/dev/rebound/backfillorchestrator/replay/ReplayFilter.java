package dev.rebound.backfillorchestrator.replay;

import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which archived messages a republish sends: a publish-time window [from, to), and optionally ce-types,
 * processors and data dates (attributes). Without explicit types, triggers (commands, not facts) and quarantined
 * messages are left out, so a replay re-tells what happened without ordering processors to run again.
 */
public record ReplayFilter(Instant from, Instant to, Set<String> types, Set<String> processors, Set<String> dates) {

    public ReplayFilter {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("from and to are required and from must be before to");
        }
        types = types == null ? Set.of() : Set.copyOf(types);
        processors = processors == null ? Set.of() : Set.copyOf(processors);
        dates = dates == null ? Set.of() : Set.copyOf(dates);
    }

    public boolean accepts(Map<String, String> attributes) {
        String type = attributes.get(EventAttributes.TYPE);
        if (EventType.QUARANTINED_CE_TYPE.equals(type)) {
            return false;
        }
        if (types.isEmpty()) {
            if (EventType.PROCESSOR_TRIGGER.ceType().equals(type)) {
                return false;
            }
        } else if (type == null || !types.contains(type)) {
            return false;
        }
        // a message without the attribute (a coverage report, a roster alert) matches no processor or date filter
        if (!processors.isEmpty() && !matches(processors, attributes.get(EventAttributes.PROCESSOR))) {
            return false;
        }
        return dates.isEmpty() || matches(dates, attributes.get(EventAttributes.DATA_DATE));
    }

    /** Immutable sets throw on {@code contains(null)}. */
    private static boolean matches(Set<String> wanted, String value) {
        return value != null && wanted.contains(value);
    }
}
