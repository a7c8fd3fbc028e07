package dev.rebound.runtime.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.Event;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.codec.Json;
import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.events.gcs.GcsNotificationCodec;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.idempotency.ProcessedEventLedger;
import dev.rebound.runtime.observability.CurrentTrace;
import dev.rebound.runtime.observability.EventObservability;
import dev.rebound.runtime.observability.TraceContext;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The Pub/Sub push endpoint every service shares. It answers like Google's samples: 2xx only after the handler's
 * work is durable; 5xx on a transient failure so Pub/Sub retries; 401 when the OIDC token is refused; and an
 * undecodable or invalid message is quarantined with its reason, then acknowledged, so one poison message never
 * loops. A ce-id already processed by this service is acknowledged without running the handler again.
 */
@Path(PushEndpoint.PATH)
public class PushEndpoint {
    public static final String PATH = "/pubsub/push";
    private static final Logger LOG = Logger.getLogger(PushEndpoint.class);

    private final EventCodec codec;
    private final GcsNotificationCodec gcsCodec;
    private final ProcessedEventLedger ledger;
    private final Quarantine quarantine;
    private final PushAuthenticator authenticator;
    private final PushStats stats;
    private final EventObservability observability;
    private final String consumer;
    private final Map<EventType, EventHandler> handlers = new EnumMap<>(EventType.class);
    private final Optional<GcsNotificationHandler> gcsHandler;
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();

    public PushEndpoint(EventCodec codec, GcsNotificationCodec gcsCodec, ProcessedEventLedger ledger,
            Quarantine quarantine, PushAuthenticator authenticator, PushStats stats, EventObservability observability,
            ReboundConfig config,
            Instance<EventHandler> eventHandlers, Instance<GcsNotificationHandler> gcsHandlers) {
        this.codec = codec;
        this.gcsCodec = gcsCodec;
        this.ledger = ledger;
        this.quarantine = quarantine;
        this.authenticator = authenticator;
        this.stats = stats;
        this.observability = observability;
        this.consumer = config.service().name();
        for (EventHandler handler : eventHandlers) {
            for (EventType type : handler.handles()) {
                EventHandler previous = handlers.put(type, handler);
                if (previous != null) {
                    throw new IllegalStateException("Two handlers for " + type.ceType() + ": "
                            + previous.getClass().getName() + " and " + handler.getClass().getName());
                }
            }
        }
        this.gcsHandler = gcsHandlers.isResolvable() ? Optional.of(gcsHandlers.get()) : Optional.empty();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response push(byte[] body, @HeaderParam("Authorization") String authorization) {
        Optional<String> refused = authenticator.refuse(authorization);
        if (refused.isPresent()) {
            stats.count(PushStats.Outcome.unauthorized);
            LOG.warnf("Push refused: %s", refused.get());
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        PushEnvelope envelope;
        try {
            envelope = PushEnvelope.parse(readJson(body));
        } catch (EventValidationException e) {
            Result result = quarantined(body, Map.of(), Quarantine.Content.push_body, e, null, null);
            observability.consumed("unreadable", result.outcome().name());
            return result.response();
        }
        Map<String, String> attributes = envelope.attributes();
        String ceType = attributes.getOrDefault(EventAttributes.TYPE,
                attributes.containsKey(GcsNotificationCodec.EVENT_TYPE)
                        ? "gcs." + attributes.get(GcsNotificationCodec.EVENT_TYPE) : "unknown");
        TraceContext trace = TraceContext.parse(attributes.get(TraceContext.ATTRIBUTE))
                .map(TraceContext::child).orElseGet(TraceContext::newRoot);
        Map<String, String> labels = new HashMap<>();
        labels.put("ce_type", ceType);
        for (String key : new String[] {EventAttributes.PROCESSOR, EventAttributes.DATA_DATE,
                EventAttributes.CORRELATION_ID}) {
            if (attributes.get(key) != null) {
                labels.put(key, attributes.get(key));
            }
        }
        Timer.Sample sample = observability.startProcessing();
        try (CurrentTrace.Scope scope = CurrentTrace.open(trace, labels)) {
            Result result = handle(envelope);
            observability.consumed(ceType, result.outcome().name());
            return result.response();
        } finally {
            observability.processed(sample, ceType);
        }
    }

    private Result handle(PushEnvelope envelope) {
        if (EventType.QUARANTINED_CE_TYPE.equals(envelope.attributes().get(EventAttributes.TYPE))) {
            // never quarantine the quarantine: a subscription wrongly pointed here must not start a loop
            LOG.errorf("Quarantined message %s was pushed to %s by subscription %s; acknowledged unread",
                    envelope.messageId(), consumer, envelope.subscriptionName());
            return done(PushStats.Outcome.ignored);
        }
        if (GcsNotificationCodec.isGcsNotification(envelope.attributes())) {
            return handleGcs(envelope);
        }
        Event<?> event;
        try {
            event = codec.decode(envelope.data(), envelope.attributes());
        } catch (EventValidationException e) {
            return quarantined(envelope, e);
        }
        EventHandler handler = handlers.get(event.type());
        if (handler == null) {
            return done(PushStats.Outcome.ignored);
        }
        return process(event.id(), envelope, () -> handler.handle(event));
    }

    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> stats() {
        return stats.snapshot();
    }

    private Result handleGcs(PushEnvelope envelope) {
        if (gcsHandler.isEmpty()) {
            return quarantined(envelope, new EventValidationException("attributes.eventType",
                    "this service takes no Cloud Storage notifications"));
        }
        GcsNotification notification;
        try {
            notification = gcsCodec.decode(envelope.data(), envelope.attributes());
        } catch (EventValidationException e) {
            return quarantined(envelope, e);
        }
        String key = "gcs:" + (envelope.messageId() != null ? envelope.messageId()
                : notification.gsPath() + "#" + notification.objectGeneration() + "#" + notification.eventType());
        return process(key, envelope, () -> gcsHandler.get().handle(notification, envelope.messageId()));
    }

    private interface Work {
        void run() throws Exception;
    }

    private Result process(String id, PushEnvelope envelope, Work work) {
        String key = consumer + '\u0000' + id;
        if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
            // the same message is being handled right now: let Pub/Sub retry, by then it is recorded
            return done(PushStats.Outcome.retried);
        }
        try {
            if (ledger.alreadyProcessed(consumer, id)) {
                return done(PushStats.Outcome.duplicate);
            }
            try {
                work.run();
            } catch (EventRejectedException e) {
                return quarantined(envelope, new EventValidationException(e.path(), e.getMessage()));
            }
            ledger.markProcessed(consumer, id);
            return done(PushStats.Outcome.processed);
        } catch (Exception e) {
            LOG.warnf(e, "Transient failure handling %s from %s; Pub/Sub will redeliver", id,
                    envelope.subscriptionName());
            return done(PushStats.Outcome.retried);
        } finally {
            inFlight.remove(key);
        }
    }

    /** What the endpoint answered and why. */
    private record Result(Response response, PushStats.Outcome outcome) {
    }

    private Result done(PushStats.Outcome outcome) {
        stats.count(outcome);
        Response response = outcome == PushStats.Outcome.retried
                ? Response.status(Response.Status.SERVICE_UNAVAILABLE).build()
                : Response.noContent().build();
        return new Result(response, outcome);
    }

    private Result quarantined(PushEnvelope envelope, EventValidationException e) {
        return quarantined(envelope.data(), envelope.attributes(), Quarantine.Content.message_data, e,
                envelope.subscriptionName(), envelope.messageId());
    }

    private Result quarantined(byte[] data, Map<String, String> attributes, Quarantine.Content content,
            EventValidationException e, String subscription, String messageId) {
        try {
            quarantine.send(data, attributes, content, e.first().path(), e.getMessage(), subscription, messageId);
        } catch (RuntimeException publishFailure) {
            LOG.errorf(publishFailure, "Could not quarantine message %s (%s); answering 503 so it is not lost",
                    messageId, e.getMessage());
            return done(PushStats.Outcome.retried);
        }
        observability.quarantined(e.first().path());
        return done(PushStats.Outcome.quarantined);
    }

    private static JsonNode readJson(byte[] body) {
        if (body == null || body.length == 0) {
            throw new EventValidationException("body", "push body is empty");
        }
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new EventValidationException("body", "push body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new EventValidationException("body", "push body is unreadable: " + e.getMessage());
        }
    }
}
