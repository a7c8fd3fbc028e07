package dev.rebound.runtime.idempotency;

import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record of {@code ce-id}s a consumer has fully processed: a table in the state store with a bounded in-memory
 * cache of committed entries in front, pruned after the retention. A ce-id is claimed inside the transaction that
 * handles it, so the claim commits with the handler's state change or not at all; two instances delivering the same
 * message at once serialize on the row, and the second sees it processed once the first commits.
 */
public class ProcessedEventLedger {
    private final StateStore store;
    private final Clock clock;
    private final Duration retention;
    private final Map<String, Boolean> recent;

    public ProcessedEventLedger(StateStore store, Clock clock, Duration retention, int capacity) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.recent = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * Claims {@code ceId} for {@code consumer} in the current transaction: true when it was never processed (the
     * caller handles it), false when it was.
     */
    public boolean claim(String consumer, String ceId) {
        String key = consumer + '\u0000' + ceId;
        if (recent.containsKey(key)) {
            return false;
        }
        long inserted = store.execute(Sql.of("INSERT INTO processed_events (consumer, ce_id, processed_at)"
                        + " VALUES (@consumer, @ce_id, @at) ON CONFLICT DO NOTHING")
                .bind("consumer", consumer).bind("ce_id", ceId).bind("at", clock.instant()));
        if (inserted == 0) {
            recent.put(key, Boolean.TRUE);
            return false;
        }
        store.afterCommit(() -> recent.put(key, Boolean.TRUE));
        return true;
    }

    public boolean alreadyProcessed(String consumer, String ceId) {
        if (recent.containsKey(consumer + '\u0000' + ceId)) {
            return true;
        }
        return !store.query(Sql.of("SELECT 1 AS seen FROM processed_events WHERE consumer = @consumer"
                        + " AND ce_id = @ce_id")
                .bind("consumer", consumer).bind("ce_id", ceId)).isEmpty();
    }

    /** Forgets entries older than the retention; returns how many were removed. */
    public long prune() {
        Instant cutoff = clock.instant().minus(retention);
        return store.execute(Sql.of("DELETE FROM processed_events WHERE processed_at < @cutoff")
                .bind("cutoff", cutoff));
    }
}
