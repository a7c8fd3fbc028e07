package dev.rebound.runtime.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox. Any number of relays (threads, instances, revisions) may relay one outbox at once: each batch
 * is claimed with {@code FOR UPDATE SKIP LOCKED} in a transaction held while it is published, so a row is in one
 * relay's hands at a time, and a relay that dies mid-batch releases its rows to the next — which publishes them again
 * with the same ce-id: a duplicate consumers drop, never a loss. A row is not taken while an earlier unsent row of its
 * ordering key exists, so one key's events leave in order. A failed publish is retried with backoff; the rest of its
 * batch waits for the next round (Pub/Sub is likely down for them too).
 */
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    static final String CLAIM = "SELECT id, event_id, topic, attributes, data, attempts FROM outbox o"
            + " WHERE sent_at IS NULL AND available_at <= clock_timestamp()"
            + " AND (ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM outbox p WHERE p.ordering_key = o.ordering_key"
            + " AND p.sent_at IS NULL AND p.id < o.id))"
            + " ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED";

    /** Hands one encoded message to Pub/Sub; returns once it is accepted, throws when it is not. */
    @FunctionalInterface
    public interface Publish {
        void publish(String topic, EncodedMessage message);
    }

    /** What the backlog gauges show. */
    public record Backlog(long rows, Duration oldest) {
    }

    private final StateStore store;
    private final Publish publish;
    private final int batchSize;
    private final Duration maxBackoff;

    public OutboxRelay(StateStore store, Publish publish, int batchSize, Duration maxBackoff) {
        this.store = store;
        this.publish = publish;
        this.batchSize = batchSize;
        this.maxBackoff = maxBackoff;
    }

    /** Publishes every row that is due; returns how many were published. */
    public int relayAll() {
        int total = 0;
        int n;
        do {
            n = relayBatch();
            total += Math.max(n, 0);
        } while (n == batchSize);
        return total;
    }

    /** Claims one batch, publishes it and records the outcome, in one transaction; -1 when a publish failed. */
    public int relayBatch() {
        return store.inTransaction(() -> {
            List<Row> rows = store.query(Sql.of(CLAIM).bind("limit", batchSize));
            List<Long> sent = new ArrayList<>();
            boolean failed = false;
            for (Row row : rows) {
                long id = row.getLong("id");
                try {
                    publish.publish(row.getString("topic"), new EncodedMessage((byte[]) row.get("data"),
                            Json.mapper().readValue(row.getString("attributes"), ATTRIBUTES)));
                    sent.add(id);
                } catch (RuntimeException | IOException e) {
                    int attempts = row.getInt("attempts") + 1;
                    Duration backoff = backoff(attempts);
                    LOG.warnf("Publishing outbox event %s failed (attempt %d), retrying in %s: %s",
                            row.getString("event_id"), attempts, backoff, e.getMessage());
                    store.execute(Sql.of("UPDATE outbox SET attempts = @attempts, last_error = @error,"
                                    + " available_at = clock_timestamp() + make_interval(secs => @backoff)"
                                    + " WHERE id = @id")
                            .bind("attempts", attempts).bind("error", String.valueOf(e.getMessage()))
                            .bind("backoff", backoff.toMillis() / 1000.0).bind("id", id));
                    failed = true;
                    break;
                }
            }
            if (!sent.isEmpty()) {
                store.execute(Sql.of("UPDATE outbox SET sent_at = clock_timestamp() WHERE id = ANY(@ids)")
                        .bind("ids", sent.toArray(new Long[0])));
            }
            return failed ? -1 : sent.size();
        });
    }

    public Backlog backlog() {
        Row row = store.query(Sql.of("SELECT count(*) AS n, EXTRACT(EPOCH FROM clock_timestamp() - min(created_at))"
                + " * 1000 AS age_ms FROM outbox WHERE sent_at IS NULL")).get(0);
        Double age = row.getDouble("age_ms");
        return new Backlog(row.getLong("n"), Duration.ofMillis(age == null ? 0 : Math.round(age)));
    }

    /** Deletes published rows older than {@code retention}; returns how many. */
    public long prune(Duration retention) {
        return store.execute(Sql.of("DELETE FROM outbox WHERE sent_at < clock_timestamp() - make_interval(secs => @s)")
                .bind("s", (double) retention.toSeconds()));
    }

    Duration backoff(int attempts) {
        long millis = Math.min(maxBackoff.toMillis(), 500L << Math.min(attempts - 1, 20));
        return Duration.ofMillis(millis);
    }
}
