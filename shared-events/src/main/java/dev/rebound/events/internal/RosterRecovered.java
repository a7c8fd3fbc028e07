package dev.rebound.events.internal;

import dev.rebound.events.EventPayload;
import java.time.Instant;

/** {@code pipeline.roster.recovered.v1}: every expected team is fresh again after a stale verdict. */
public record RosterRecovered(Instant checkedAt, int maxAgeDays, int teamsExpected, int teamsFresh, String check)
        implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("checked_at", checkedAt);
    }
}
