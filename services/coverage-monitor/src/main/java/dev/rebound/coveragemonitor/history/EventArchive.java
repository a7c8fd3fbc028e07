package dev.rebound.coveragemonitor.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The event archive, read only: every message of every topic (BigQuery subscriptions in production, the launcher's
 * archive writer locally), decoded with the contract's codec. It holds what this service does not consume itself
 * (run starts and heartbeats, triggers), which the history views need. A message archived twice (a publisher's
 * retry) is one event, by ce-id; a message the codec refuses is counted, not shown.
 */
@ApplicationScoped
public class EventArchive {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final String COLUMNS = "SELECT message_id, publish_time, attributes, data FROM ";

    private final PipelineWarehouse warehouse;
    private final EventCodec codec;
    private final HistorySettings settings;

    public EventArchive(PipelineWarehouse warehouse, EventCodec codec, HistorySettings settings) {
        this.warehouse = warehouse;
        this.codec = codec;
        this.settings = settings;
    }

    /** Decoded events, oldest first, and how many archived messages could not be decoded. */
    public record Found(List<Event<?>> events, int unreadable) {
    }

    /**
     * Every event carrying this correlation id. The attributes column is a JSON string on both BigQuery and
     * PostgreSQL, so the statement narrows with LIKE (valid on both) and the decoded attribute decides.
     */
    public Found withCorrelation(String correlationId) {
        List<Row> rows = warehouse.query(Sql.of(COLUMNS + settings.archiveTable()
                + " WHERE attributes LIKE @pattern ORDER BY publish_time, message_id")
                .bind("pattern", "%" + correlationId + "%"));
        return decode(rows, e -> correlationId.equals(e.attributes().correlationId()));
    }

    /**
     * Every event about a run (or a processor and date) of these data dates, by the {@code data_date} routing
     * attribute. Narrowed by LIKE on the date, not by publish time: under a scenario clock the events' dates and
     * the time they were published differ by months.
     */
    public Found forDataDates(Set<LocalDate> dates) {
        List<String> sorted = dates.stream().sorted().map(LocalDate::toString).toList();
        if (sorted.isEmpty()) {
            return new Found(List.of(), 0);
        }
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            where.append(i == 0 ? " WHERE " : " OR ").append("attributes LIKE @d").append(i);
        }
        Sql sql = Sql.of(COLUMNS + settings.archiveTable() + where + " ORDER BY publish_time, message_id");
        for (int i = 0; i < sorted.size(); i++) {
            sql = sql.bind("d" + i, "%" + sorted.get(i) + "%");
        }
        Set<String> wanted = Set.copyOf(sorted);
        return decode(warehouse.query(sql), e -> e.attributes().dataDate() != null
                && wanted.contains(e.attributes().dataDate().toString()));
    }

    /**
     * The events of these types published since {@code since}. Publish times are Pub/Sub's, in real time even when
     * the services run a scenario clock, so the window is real time too.
     */
    public Found ofTypesPublishedSince(Instant since, Set<EventType> types) {
        List<EventType> sorted = types.stream().sorted().toList();
        StringBuilder any = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            any.append(i == 0 ? "" : " OR ").append("attributes LIKE @t").append(i);
        }
        Sql sql = Sql.of(COLUMNS + settings.archiveTable() + " WHERE publish_time >= @since AND (" + any
                + ") ORDER BY publish_time, message_id").bind("since", since);
        for (int i = 0; i < sorted.size(); i++) {
            sql = sql.bind("t" + i, "%" + sorted.get(i).ceType() + "%");
        }
        return decode(warehouse.query(sql), e -> types.contains(e.type()));
    }

    private Found decode(List<Row> rows, Predicate<Event<?>> keep) {
        Map<String, Event<?>> byId = new LinkedHashMap<>();
        int unreadable = 0;
        for (Row row : rows) {
            Event<?> event;
            try {
                event = codec.decode(bytes(row.get("data")), attributesOf(row));
            } catch (RuntimeException e) {
                unreadable++;
                continue;
            }
            if (keep.test(event)) {
                byId.putIfAbsent(event.id(), event);
            }
        }
        List<Event<?>> events = new ArrayList<>(byId.values());
        events.sort(java.util.Comparator.comparing(EventArchive::occurredAt).thenComparing(Event::id));
        return new Found(events, unreadable);
    }

    /** When what the event reports happened (its own data field), else when it was created. */
    static Instant occurredAt(Event<?> event) {
        var occurrence = event.data().occurrence();
        return occurrence != null && occurrence.at() != null ? occurrence.at() : event.attributes().time();
    }

    private static Map<String, String> attributesOf(Row row) {
        try {
            return Json.mapper().readValue(Objects.requireNonNullElse(row.getString("attributes"), "{}"), ATTRIBUTES);
        } catch (JsonProcessingException e) {
            return Map.of(EventAttributes.ID, row.getString("message_id"));
        }
    }

    /** JDBC returns the archived bytes as they are; BigQuery returns BYTES base64-encoded. */
    private static byte[] bytes(Object data) {
        if (data == null) {
            return new byte[0];
        }
        if (data instanceof byte[] raw) {
            return raw;
        }
        return Base64.getDecoder().decode(data.toString());
    }
}
