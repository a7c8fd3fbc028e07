package dev.rebound.runtime.idempotency;

import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import dev.rebound.runtime.warehouse.WarehouseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record of {@code ce-id}s a consumer has fully processed: a table in the warehouse (restart-safe) with a
 * bounded in-memory cache in front. Bounded in time too: entries older than the retention are pruned.
 * A ce-id is recorded only after its handler's work is durable, so a crash in between means the redelivery is
 * processed again — handlers are idempotent by their own state for that window.
 */
public class ProcessedEventLedger {
    private final Warehouse warehouse;
    private final Clock clock;
    private final String table;
    private final Duration retention;
    private final Map<String, Boolean> recent;

    public ProcessedEventLedger(Warehouse warehouse, Clock clock, String stateDataset, Duration retention,
            int capacity) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.table = stateDataset + ".processed_events";
        this.retention = retention;
        this.recent = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        });
    }

    public boolean alreadyProcessed(String consumer, String ceId) {
        if (recent.containsKey(consumer + '\u0000' + ceId)) {
            return true;
        }
        boolean seen = !warehouse.query(Sql.of("SELECT 1 AS seen FROM " + table
                        + " WHERE consumer = @consumer AND ce_id = @ce_id")
                .bind("consumer", consumer).bind("ce_id", ceId)).isEmpty();
        if (seen) {
            recent.put(consumer + '\u0000' + ceId, Boolean.TRUE);
        }
        return seen;
    }

    public void markProcessed(String consumer, String ceId) {
        try {
            warehouse.execute(Sql.of("INSERT INTO " + table + " (consumer, ce_id, processed_at)"
                            + " VALUES (@consumer, @ce_id, @at)")
                    .bind("consumer", consumer).bind("ce_id", ceId).bind("at", clock.instant()));
        } catch (WarehouseException e) {
            // a concurrent delivery of the same ce-id recorded it first; anything else is a real failure
            if (!alreadyProcessed(consumer, ceId)) {
                throw e;
            }
        }
        recent.put(consumer + '\u0000' + ceId, Boolean.TRUE);
    }

    /** Forgets entries older than the retention; returns how many were removed. */
    public long prune() {
        Instant cutoff = clock.instant().minus(retention);
        return warehouse.execute(Sql.of("DELETE FROM " + table + " WHERE processed_at < @cutoff")
                .bind("cutoff", cutoff));
    }
}
