package dev.rebound.client;

import dev.rebound.events.Event;
import dev.rebound.events.TraceContext;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** Triggers as backfill-orchestrator sends them, and the push bodies Pub/Sub wraps them in. */
final class Triggers {
    static final TraceContext REPAIR_TRACE = TraceContext.newRoot();

    private Triggers() {
    }

    static Event<ProcessorTrigger> trigger(String processor, LocalDate date, String reason, String backfillId) {
        Instant now = Instant.parse("2026-01-23T15:00:00Z");
        return Event.of(UUID.randomUUID().toString(), "//rebound/backfill-orchestrator", now,
                new ProcessorTrigger(processor, date, reason, backfillId, 1, now), "stuck:" + processor + ":" + date,
                Map.of(TraceContext.ATTRIBUTE, REPAIR_TRACE.traceparent()));
    }

    static String pushBody(Event<?> event) {
        return pushBody(new EventCodec().encode(event));
    }

    static String pushBody(EncodedMessage message) {
        var body = Json.mapper().createObjectNode();
        body.put("subscription", "projects/p/subscriptions/my-processor--processor-triggers");
        var m = body.putObject("message");
        m.put("data", Base64.getEncoder().encodeToString(message.data()));
        m.put("messageId", "1");
        var attributes = m.putObject("attributes");
        message.attributes().forEach(attributes::put);
        return body.toString();
    }
}
