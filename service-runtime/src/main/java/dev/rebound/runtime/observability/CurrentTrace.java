package dev.rebound.runtime.observability;

import java.util.Map;
import java.util.Optional;
import org.jboss.logging.MDC;

/**
 * The trace and labels of the message being handled on this thread. The push endpoint opens a scope per message;
 * the publisher continues its trace; log records carry it through the MDC (Cloud Logging's trace fields in the
 * production JSON format), with the labels processor, data_date, game_id and correlation_id.
 */
public final class CurrentTrace {
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";
    public static final String SAMPLED = "sampled";
    private static final String[] LABELS = {"processor", "data_date", "game_id", "correlation_id", "ce_type"};
    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

    private CurrentTrace() {
    }

    public static Optional<TraceContext> get() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Opens a scope: the given trace (or a new one) and labels are current until the scope is closed. */
    public static Scope open(TraceContext trace, Map<String, String> labels) {
        TraceContext previous = CURRENT.get();
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
            for (String label : LABELS) {
                MDC.remove(label);
            }
            if (previous == null) {
                CURRENT.remove();
                MDC.remove(TRACE_ID);
                MDC.remove(SPAN_ID);
                MDC.remove(SAMPLED);
            } else {
                CURRENT.set(previous);
                MDC.put(TRACE_ID, previous.traceId());
                MDC.put(SPAN_ID, previous.spanId());
            }
        };
    }

    /** A scope that does not throw on close. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
