package dev.rebound.coveragemonitor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rebound.events.EventPayload;
import dev.rebound.events.EventType;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.warehouse.Row;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import dev.rebound.runtime.warehouse.WarehouseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Events that must go out exactly once per state change. The id is derived from the state change itself, so the
 * same change decided twice (a redelivery, a concurrent evaluation, a restart after a crash) finds its row already
 * there; it becomes the ce-id, so a republish after a crash is deduplicated by every consumer's ledger.
 */
@ApplicationScoped
public class Outbox {
    private final Warehouse warehouse;
    private final StateTables tables;

    public record Entry(String eventId, EventType type, EventPayload payload, String correlationId, Instant createdAt,
            Instant publishedAt) {
    }

    public Outbox(Warehouse warehouse, StateTables tables) {
        this.warehouse = warehouse;
        this.tables = tables;
    }

    /** Adds the event unless its id is already there; returns whether it was added. */
    public boolean add(String eventId, EventPayload payload, String correlationId, Instant createdAt) {
        if (find(eventId).isPresent()) {
            return false;
        }
        String json;
        try {
            json = Json.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            warehouse.execute(Sql.of("INSERT INTO " + tables.outbox()
                    + " (event_id, ce_type, payload, correlation_id, created_at) VALUES (@id, @t, @p, @c, @at)")
                    .bind("id", eventId).bind("t", EventType.forPayload(payload).ceType()).bind("p", json)
                    .bind("c", correlationId).bind("at", createdAt));
            return true;
        } catch (WarehouseException raced) {
            if (find(eventId).isPresent()) {
                return false;
            }
            throw raced;
        }
    }

    public Optional<Entry> find(String eventId) {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.outbox() + " WHERE event_id = @id").bind("id", eventId))
                .stream().map(Outbox::toEntry).findFirst();
    }

    public List<Entry> pending() {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.outbox()
                        + " WHERE published_at IS NULL ORDER BY created_at, event_id"))
                .stream().map(Outbox::toEntry).toList();
    }

    public void markPublished(String eventId, Instant at) {
        warehouse.execute(Sql.of("UPDATE " + tables.outbox() + " SET published_at = @at WHERE event_id = @id")
                .bind("id", eventId).bind("at", at));
    }

    private static Entry toEntry(Row r) {
        EventType type = EventType.fromCeType(r.getString("ce_type"))
                .orElseThrow(() -> new IllegalStateException("Unknown ce-type in outbox: " + r.getString("ce_type")));
        try {
            EventPayload payload = Json.mapper().readValue(r.getString("payload"), type.payloadClass());
            return new Entry(r.getString("event_id"), type, payload, r.getString("correlation_id"),
                    r.getInstant("created_at"), r.getInstant("published_at"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Unreadable outbox payload " + r.getString("event_id"), e);
        }
    }
}
