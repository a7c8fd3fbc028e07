package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.replay.EventArchive;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.runtime.http.Guarded;
import dev.rebound.runtime.observability.EventObservability;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every verdict published on {@code pipeline-alerts} since a time, newest first, from the event archive: stuck
 * runs, stale inputs, coverage gaps and their resolutions, abandoned repairs — each with its severity and the
 * one-line summary the services log.
 */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Guarded
public class AlertsResource {
    private static final Duration DEFAULT_SINCE = Duration.ofHours(24);

    private final EventArchive archive;
    private final EventCodec codec;

    public AlertsResource(EventArchive archive, EventCodec codec) {
        this.archive = archive;
        this.codec = codec;
    }

    /** {@code time} is the event's own time (ce-time); {@code published_at} when Pub/Sub took it. */
    public record Alert(String messageId, Instant publishedAt, String type, Instant time, String source,
            String severity, String summary, String processor, String dataDate, String correlationId) {
    }

    /** {@code since}: RFC 3339 or an ISO-8601 duration back from now (default PT24H); {@code limit} ≤ 1000. */
    @GET
    public List<Alert> alerts(@QueryParam("since") String since, @QueryParam("limit") Integer limit) {
        return archive.latest(Topics.PIPELINE_ALERTS, Since.parse(since, DEFAULT_SINCE), Since.limit(limit, 200, 1000))
                .stream().map(this::alert).toList();
    }

    private Alert alert(EventArchive.Archived message) {
        Map<String, String> a = message.attributes();
        String severity;
        String summary;
        try {
            Event<?> event = codec.decode(message.data(), a);
            severity = EventObservability.severityOf(event.data()).name().toLowerCase(Locale.ROOT);
            summary = EventObservability.summaryOf(event.data());
        } catch (EventValidationException e) {
            severity = "unknown";
            summary = "undecodable: " + e.getMessage();
        }
        return new Alert(message.messageId(), message.publishTime(), a.get(EventAttributes.TYPE),
                timeOf(a), a.get(EventAttributes.SOURCE), severity, summary, a.get(EventAttributes.PROCESSOR),
                a.get(EventAttributes.DATA_DATE), a.get(EventAttributes.CORRELATION_ID));
    }

    private static Instant timeOf(Map<String, String> attributes) {
        try {
            return EventCodec.time(attributes);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
