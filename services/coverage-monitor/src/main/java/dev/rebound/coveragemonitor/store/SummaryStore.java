package dev.rebound.coveragemonitor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rebound.events.codec.Json;
import dev.rebound.events.internal.DailyHealthSummary;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Optional;

/** The daily health summary published for each date, kept as published. */
@ApplicationScoped
public class SummaryStore {
    private final StateStore store;

    public SummaryStore(StateStore store) {
        this.store = store;
    }

    /** Stores the date's summary unless one is stored already (another instance published first): returns which. */
    public boolean insert(String eventId, DailyHealthSummary summary) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return store.execute(Sql.of("INSERT INTO coverage_daily_summaries (summary_date, event_id, summary,"
                        + " generated_at) VALUES (@d, @id, @s, @at) ON CONFLICT (summary_date) DO NOTHING")
                .bind("d", summary.summaryDate()).bind("id", eventId).bind("s", json)
                .bind("at", summary.generatedAt())) == 1;
    }

    public Optional<DailyHealthSummary> find(LocalDate date) {
        return store.query(Sql.of("SELECT summary FROM coverage_daily_summaries WHERE summary_date = @d")
                        .bind("d", date))
                .stream().map(r -> {
                    try {
                        return Json.mapper().readValue(r.getString("summary"), DailyHealthSummary.class);
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException("Unreadable daily summary of " + date, e);
                    }
                }).findFirst();
    }
}
