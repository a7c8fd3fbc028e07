package dev.rebound.runtime.observability;

import dev.rebound.events.TraceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.MDC;

/**
 * The trace and labels of the message being handled on this thread. The push endpoint opens a scope per message;
 * the publisher continues its trace; log records carry it through the MDC, with the labels processor, data_date,
 * game_id, correlation_id and ce_type ({@link CloudLoggingFormatter} writes them as Cloud Logging's trace fields
 * and labels in production).
 */
public final class CurrentTrace {
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";
    public static final String SAMPLED = "sampled";
    /** The labels of a scope, as MDC keys; the production log format turns them into Cloud Logging labels. */
    public static final List<String> LABELS = List.of("processor", "data_date", "game_id", "correlation_id", "ce_type");
    private static final List<String> KEYS = Stream.concat(Stream.of(TRACE_ID, SPAN_ID, SAMPLED),
            LABELS.stream()).toList();
    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

    private CurrentTrace() {
    }

    public static Optional<TraceContext> get() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Opens a scope: the given trace (or a new one) and labels are current until the scope is closed, which puts
     * back exactly what was current before (an alert logged while a push is handled returns to the push's labels).
     */
    public static Scope open(TraceContext trace, Map<String, String> labels) {
        TraceContext previous = CURRENT.get();
        Map<String, Object> saved = new HashMap<>();
        for (String key : KEYS) {
            saved.put(key, MDC.get(key));
        }
        CURRENT.set(trace);
        MDC.put(TRACE_ID, trace.traceId());
        MDC.put(SPAN_ID, trace.spanId());
        MDC.put(SAMPLED, Boolean.toString(trace.sampled()));
        for (String label : LABELS) {
            String value = labels.get(label);
            if (value != null) {
                MDC.put(label, value);
            } else {
                MDC.remove(label);
            }
        }
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            saved.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        };
    }

    /** A scope that does not throw on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
