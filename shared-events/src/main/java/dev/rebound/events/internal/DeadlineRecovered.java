package dev.rebound.events.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.events.EventPayload;
import dev.rebound.events.v1.DeadlineAtRisk;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code pipeline.deadline.recovered.v1}: a game date reported at risk is safe again, either because the forecast is
 * back within the deadline ({@code predictedLanding} present) or because the last coverage phase landed
 * ({@code landedAt} present).
 *
 * @param deadline the earliest deadline among the date's games that had not started
 */
public record DeadlineRecovered(LocalDate gameDate, Outcome outcome, String phase,
        DeadlineAtRisk.Landing predictedLanding, Instant landedAt, Instant deadline, Instant recoveredAt)
        implements EventPayload {

    public enum Outcome {
        /** The forecast lands before every remaining game's deadline again, by the configured recovery margin. */
        @JsonProperty("on_track") ON_TRACK,
        /** The last coverage phase completed. */
        @JsonProperty("landed") LANDED
    }

    @Override
    public Occurrence occurrence() {
        return new Occurrence("recovered_at", recoveredAt);
    }
}
