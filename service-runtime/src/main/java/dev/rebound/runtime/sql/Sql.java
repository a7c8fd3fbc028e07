package dev.rebound.runtime.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parametrized statement in the warehouse dialect both adapters accept: named parameters written
 * {@code @name} (BigQuery's syntax), tables as {@code dataset.table}. Values: String, Integer, Long, Double,
 * Boolean, LocalDate, Instant, or null.
 */
public record Sql(String text, Map<String, Object> params) {

    public Sql {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static Sql of(String text) {
        return new Sql(text, Map.of());
    }

    public Sql bind(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(params);
        copy.put(name, value);
        return new Sql(text, copy);
    }
}
