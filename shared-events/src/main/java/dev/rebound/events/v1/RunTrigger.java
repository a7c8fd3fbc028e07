package dev.rebound.events.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a run started. */
public enum RunTrigger {
    @JsonProperty("scheduled") SCHEDULED,
    @JsonProperty("backfill") BACKFILL,
    @JsonProperty("replay") REPLAY,
    @JsonProperty("manual") MANUAL
}
