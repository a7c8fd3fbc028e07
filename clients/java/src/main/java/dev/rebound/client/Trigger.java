package dev.rebound.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.TraceContext;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Json;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.events.v1.RunTrigger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code pipeline.processor.trigger.v1} a processor received — Rebound asking it to run for a date — with what
 * its run must carry on: the backfill id, the repair chain's {@code correlation_id} and the trace. Decoded and
 * validated with the contract's codec; a message that is not a valid trigger throws
 * {@link EventValidationException} naming the field.
 */
public record Trigger(ProcessorTrigger data, String correlationId, String traceparent, String tracestate,
        boolean replay) {

    public Trigger {
        Objects.requireNonNull(data, "data");
    }

    /** From a Pub/Sub push request body: {@code {"message": {"data": base64, "attributes": {...}}, ...}}. */
    public static Trigger fromPushBody(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new EventValidationException("body", "is not JSON: " + e.getMessage());
        }
        JsonNode message = root == null ? null : root.get("message");
        if (message == null || !message.isObject()) {
            throw new EventValidationException("body.message", "is required (a Pub/Sub push body)");
        }
        JsonNode data = message.get("data");
        if (data == null || !data.isTextual()) {
            throw new EventValidationException("body.message.data", "is required (base64)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new EventValidationException("body.message.data", "is not base64");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        message.path("attributes").fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
        return fromMessage(bytes, attributes);
    }

    public static Trigger fromPushBody(String body) {
        return fromPushBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** From a pulled message's data and attributes. */
    public static Trigger fromMessage(byte[] data, Map<String, String> attributes) {
        return of(Contract.codec().decode(data, attributes));
    }

    /** From an event already decoded (a service's push handler). */
    public static Trigger of(Event<?> event) {
        if (!(event.data() instanceof ProcessorTrigger trigger)) {
            throw new EventValidationException("attributes." + EventAttributes.TYPE, "is '" + event.attributes().type()
                    + "', not " + EventType.PROCESSOR_TRIGGER.ceType());
        }
        Map<String, String> extensions = event.attributes().extensions();
        String traceparent = TraceContext.parse(extensions.get(TraceContext.ATTRIBUTE))
                .map(TraceContext::traceparent).orElse(null);
        return new Trigger(trigger, event.attributes().correlationId(), traceparent, extensions.get("tracestate"),
                "true".equalsIgnoreCase(extensions.get(EventAttributes.REPLAY)));
    }

    public String processor() {
        return data.processor();
    }

    public LocalDate dataDate() {
        return data.dataDate();
    }

    public String backfillId() {
        return data.backfillId();
    }

    /** Whether this trigger is addressed to {@code processor}; a shared subscription delivers every processor's. */
    public boolean isFor(String processor) {
        return data.processor().equals(processor);
    }

    /**
     * Why the run it starts runs: {@code replay} for a replayed trigger (attribute {@code rebound_replay}, or a
     * reason that says replay), {@code manual} for a reason that says manual, otherwise {@code backfill}.
     */
    public RunTrigger kind() {
        String reason = data.reason().toLowerCase(Locale.ROOT);
        if (replay || reason.contains("replay")) {
            return RunTrigger.REPLAY;
        }
        if (reason.contains("manual")) {
            return RunTrigger.MANUAL;
        }
        return RunTrigger.BACKFILL;
    }
}
