package dev.rebound.events.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What changed in an incident; each incident event carries one. */
public enum IncidentChange {
    /** A root cause nobody is paged for yet: a new incident. */
    @JsonProperty("opened") OPENED,
    /** Its severity rose above the highest it had: pages again. */
    @JsonProperty("escalated") ESCALATED,
    /** A new alert (symptom) joined, at no higher severity. */
    @JsonProperty("symptom_added") SYMPTOM_ADDED,
    /** An alert was answered (its run completed, its input recovered, its gap closed); others still stand. */
    @JsonProperty("symptom_cleared") SYMPTOM_CLEARED,
    /** The cause came back within the reopen window: the same incident, not a new page. */
    @JsonProperty("reopened") REOPENED,
    /** Every alert was answered. */
    @JsonProperty("resolved") RESOLVED
}
