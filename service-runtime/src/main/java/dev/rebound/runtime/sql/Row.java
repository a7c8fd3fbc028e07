package dev.rebound.runtime.sql;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One typed result row. Column lookup ignores case (H2 upper-cases unquoted names, BigQuery keeps them): names
 * are held lower-cased in a hash map, so a lookup with the lower-case name the code uses costs one hash probe (a
 * sweep reads tens of thousands of columns). The getters convert what either adapter returns.
 */
public final class Row {
    private final Map<String, Object> values;

    public Row(Map<String, Object> values) {
        Map<String, Object> map = new HashMap<>(values.size() * 2);
        values.forEach((name, value) -> map.put(name.toLowerCase(Locale.ROOT), value));
        this.values = map;
    }

    public boolean has(String column) {
        return values.containsKey(column.toLowerCase(Locale.ROOT));
    }

    public Object get(String column) {
        String key = column.toLowerCase(Locale.ROOT);
        Object value = values.get(key);
        if (value == null && !values.containsKey(key)) {
            throw new IllegalArgumentException("No column '" + column + "' in row " + values.keySet());
        }
        return value;
    }

    public String getString(String column) {
        Object v = get(column);
        return v == null ? null : v.toString();
    }

    public Long getLong(String column) {
        Object v = get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(v.toString());
    }

    public long getLong(String column, long fallback) {
        Long v = getLong(column);
        return v == null ? fallback : v;
    }

    public Integer getInt(String column) {
        Long v = getLong(column);
        return v == null ? null : Math.toIntExact(v);
    }

    public Double getDouble(String column) {
        Object v = get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(v.toString());
    }

    public Boolean getBoolean(String column) {
        Object v = get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return Boolean.parseBoolean(v.toString().toLowerCase(Locale.ROOT));
    }

    public LocalDate getLocalDate(String column) {
        Object v = get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof Date d) {
            return d.toLocalDate();
        }
        return LocalDate.parse(v.toString());
    }

    public Instant getInstant(String column) {
        Object v = get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof BigDecimal b) {
            return Instant.ofEpochSecond(0, b.movePointRight(9).longValue());
        }
        return OffsetDateTime.parse(v.toString()).toInstant();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
