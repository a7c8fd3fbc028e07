package dev.rebound.runtime.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One log record as one line of Cloud Logging structured JSON, with the special fields Cloud Run's logging agent
 * lifts into the LogEntry: {@code severity}, {@code message}, {@code time}, {@code logging.googleapis.com/trace}
 * ({@code projects/<project>/traces/<trace id>}, so Cloud Trace and the log viewer group a repair chain),
 * {@code logging.googleapis.com/spanId}, {@code logging.googleapis.com/trace_sampled} and
 * {@code logging.googleapis.com/labels}: the service and the labels {@link CurrentTrace} keeps in the MDC, which
 * become {@code labels.<name>} — the fields the paging policies filter on. Any other MDC entry stays in the payload
 * under {@code mdc}.
 *
 * <p>Quarkus' own {@code log-format=gcp} writes the trace under {@code trace} with the application name as the
 * project, and the labels under {@code jsonPayload.mdc}; Cloud Logging recognises neither.
 */
public final class CloudLoggingFormatter extends ExtFormatter {
    public static final String TRACE = "logging.googleapis.com/trace";
    public static final String SPAN_ID = "logging.googleapis.com/spanId";
    public static final String TRACE_SAMPLED = "logging.googleapis.com/trace_sampled";
    public static final String LABELS = "logging.googleapis.com/labels";
    /** The label naming the service that wrote the entry (from configuration, not the MDC). */
    public static final String SERVICE_LABEL = "service";
    /** Every label an entry can carry: the paging policies may filter and extract only these. */
    public static final List<String> LABEL_NAMES = Stream.concat(Stream.of(SERVICE_LABEL),
            CurrentTrace.LABELS.stream()).toList();

    private static final JsonFactory JSON = new JsonFactory();

    private final String projectId;
    private final String service;

    public CloudLoggingFormatter(String projectId, String service) {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("a Google Cloud project id is needed to name traces");
        }
        this.projectId = projectId;
        this.service = service;
    }

    /** Cloud Logging's severity for a level, by its value, so JBoss' WARN and FATAL land on WARNING and CRITICAL. */
    public static String severity(Level level) {
        int v = level.intValue();
        if (v >= 1100) {
            return "CRITICAL";
        }
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }

    @Override
    public String format(ExtLogRecord record) {
        Map<String, String> mdc = new TreeMap<>(record.getMdcCopy());
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("severity", severity(record.getLevel()));
            json.writeStringField("message", formatMessage(record));
            json.writeStringField("time", record.getInstant().toString());
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("thread", record.getThreadName());
            String traceId = mdc.remove(CurrentTrace.TRACE_ID);
            String spanId = mdc.remove(CurrentTrace.SPAN_ID);
            String sampled = mdc.remove(CurrentTrace.SAMPLED);
            if (traceId != null && !traceId.isEmpty()) {
                json.writeStringField(TRACE, "projects/" + projectId + "/traces/" + traceId);
                if (spanId != null && !spanId.isEmpty()) {
                    json.writeStringField(SPAN_ID, spanId);
                }
                json.writeBooleanField(TRACE_SAMPLED, Boolean.parseBoolean(sampled));
            }
            json.writeObjectFieldStart(LABELS);
            if (service != null && !service.isBlank()) {
                json.writeStringField(SERVICE_LABEL, service);
            }
            for (String label : CurrentTrace.LABELS) {
                String value = mdc.remove(label);
                if (value != null) {
                    json.writeStringField(label, value);
                }
            }
            json.writeEndObject();
            if (!mdc.isEmpty()) {
                json.writeObjectFieldStart("mdc");
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    json.writeStringField(e.getKey(), e.getValue());
                }
                json.writeEndObject();
            }
            if (record.getThrown() != null) {
                // Error Reporting reads stack_trace; a Java stack trace as printed is what it parses
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("stack_trace", trace.toString());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }
}
