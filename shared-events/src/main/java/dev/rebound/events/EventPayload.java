package dev.rebound.events;

import java.time.Instant;

/** The data of a Rebound event: one record per {@code ce-type}, serialised as snake_case JSON. */
public interface EventPayload {

    /**
     * When what this event reports happened, by its own data field: the time a producer claims for it. Not a
     * deadline or a schedule the event carries (a tip-off, an expected-by time), which may lie ahead.
     */
    Occurrence occurrence();

    /** A data field (snake_case, as in the JSON) and the time it holds. */
    record Occurrence(String field, Instant at) {
    }
}
