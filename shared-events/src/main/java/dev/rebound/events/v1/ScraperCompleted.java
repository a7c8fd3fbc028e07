package dev.rebound.events.v1;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rebound.events.EventPayload;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@code pipeline.scraper.completed.v1} on {@code scraper-completions}; objects are gs:// paths. */
public record ScraperCompleted(String scraper, LocalDate dataDate, Instant completedAt, List<String> objects,
        Source source) implements EventPayload {
    @Override
    public Occurrence occurrence() {
        return new Occurrence("completed_at", completedAt);
    }

    public enum Source {
        @JsonProperty("scraper") SCRAPER,
        @JsonProperty("gcs-notification") GCS_NOTIFICATION
    }
}
