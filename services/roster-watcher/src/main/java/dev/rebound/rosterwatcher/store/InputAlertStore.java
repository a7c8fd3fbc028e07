package dev.rebound.rosterwatcher.store;

import dev.rebound.rosterwatcher.InputVerdict;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code roster_bridge_input_alerts}: which scraper input alerts were raised, so each is raised once. */
@ApplicationScoped
public class InputAlertStore {
    private final StateStore store;

    public InputAlertStore(StateStore store) {
        this.store = store;
    }

    /**
     * Records that the alert is raised; false when it already was (by this or another instance, now or before).
     * Exactly one caller gets true for a scraper, data date and verdict: that caller publishes the alert.
     */
    public boolean record(String scraper, LocalDate dataDate, InputVerdict verdict, int objectsSeen, Instant at,
            String eventId) {
        return store.execute(Sql.of("INSERT INTO roster_bridge_input_alerts (scraper, data_date, verdict,"
                        + " objects_seen, detected_at, event_id) VALUES (@scraper, @data_date, @verdict, @objects_seen,"
                        + " @at, @event_id) ON CONFLICT (scraper, data_date, verdict) DO NOTHING")
                .bind("scraper", scraper).bind("data_date", dataDate).bind("verdict", verdict.name())
                .bind("objects_seen", objectsSeen).bind("at", at).bind("event_id", eventId)) == 1;
    }
}
