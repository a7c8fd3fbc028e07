package dev.rebound.rosterwatcher.store;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import dev.rebound.runtime.warehouse.WarehouseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;

/** {@code ${state}.roster_bridge_input_alerts}: which scraper input alerts were raised, so each is raised once. */
@ApplicationScoped
public class InputAlertStore {
    private final Warehouse warehouse;
    private final String table;

    public InputAlertStore(Warehouse warehouse, ReboundConfig config) {
        this.warehouse = warehouse;
        this.table = config.warehouse().stateDataset() + ".roster_bridge_input_alerts";
    }

    public boolean raised(String scraper, LocalDate dataDate, String verdict) {
        return !warehouse.query(Sql.of("SELECT 1 AS raised FROM " + table
                        + " WHERE scraper = @scraper AND data_date = @data_date AND verdict = @verdict")
                .bind("scraper", scraper).bind("data_date", dataDate).bind("verdict", verdict)).isEmpty();
    }

    public void record(String scraper, LocalDate dataDate, String verdict, int objectsSeen, Instant at,
            String eventId) {
        try {
            warehouse.execute(Sql.of("INSERT INTO " + table + " (scraper, data_date, verdict, objects_seen,"
                            + " detected_at, event_id) VALUES (@scraper, @data_date, @verdict, @objects_seen, @at,"
                            + " @event_id)")
                    .bind("scraper", scraper).bind("data_date", dataDate).bind("verdict", verdict)
                    .bind("objects_seen", objectsSeen).bind("at", at).bind("event_id", eventId));
        } catch (WarehouseException e) {
            if (!raised(scraper, dataDate, verdict)) {
                throw e;
            }
        }
    }
}
