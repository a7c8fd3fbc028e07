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
    private final String consumer;
    private final Map<EventType, EventHandler> handlers = new EnumMap<>(EventType.class);
    private final Optional<GcsNotificationHandler> gcsHandler;
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();

    public PushEndpoint(EventCodec codec, GcsNotificationCodec gcsCodec, ProcessedEventLedger ledger,
            Quarantine quarantine, PushAuthenticator authenticator, PushStats stats, ReboundConfig config,
            Instance<EventHandler> eventHandlers, Instance<GcsNotificationHandler> gcsHandlers) {
        this.codec = codec;
        this.gcsCodec = gcsCodec;
        this.ledger = ledger;
        this.quarantine = quarantine;
        this.authenticator = authenticator;
        this.stats = stats;
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
            return quarantined(body, Map.of(), Quarantine.Content.push_body, e, null, null);
        }
        if (EventType.QUARANTINED_CE_TYPE.equals(envelope.attributes().get(EventAttributes.TYPE))) {
            // never quarantine the quarantine: a subscription wrongly pointed here must not start a loop
            LOG.errorf("Quarantined message %s was pushed to %s by subscription %s; acknowledged unread",
                    envelope.messageId(), consumer, envelope.subscriptionName());
            stats.count(PushStats.Outcome.ignored);
            return Response.noContent().build();
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
            stats.count(PushStats.Outcome.ignored);
            return Response.noContent().build();
        }
        return process(event.id(), envelope, () -> handler.handle(event));
    }

    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> stats() {
        return stats.snapshot();
    }

    private Response handleGcs(PushEnvelope envelope) {
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

    private Response process(String id, PushEnvelope envelope, Work work) {
        String key = consumer + '\u0000' + id;
        if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
            // the same message is being handled right now: let Pub/Sub retry, by then it is recorded
            stats.count(PushStats.Outcome.retried);
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        try {
            if (ledger.alreadyProcessed(consumer, id)) {
                stats.count(PushStats.Outcome.duplicate);
                return Response.noContent().build();
            }
            try {
                work.run();
            } catch (EventRejectedException e) {
                return quarantined(envelope, new EventValidationException(e.path(), e.getMessage()));
            }
            ledger.markProcessed(consumer, id);
            stats.count(PushStats.Outcome.processed);
            return Response.noContent().build();
        } catch (Exception e) {
            stats.count(PushStats.Outcome.retried);
            LOG.warnf(e, "Transient failure handling %s from %s; Pub/Sub will redeliver", id,
                    envelope.subscriptionName());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        } finally {
            inFlight.remove(key);
        }
    }

    private Response quarantined(PushEnvelope envelope, EventValidationException e) {
        return quarantined(envelope.data(), envelope.attributes(), Quarantine.Content.message_data, e,
                envelope.subscriptionName(), envelope.messageId());
    }

    private Response quarantined(byte[] data, Map<String, String> attributes, Quarantine.Content content,
            EventValidationException e, String subscription, String messageId) {
        try {
            quarantine.send(data, attributes, content, e.first().path(), e.getMessage(), subscription, messageId);
        } catch (RuntimeException publishFailure) {
            stats.count(PushStats.Outcome.retried);
            LOG.errorf(publishFailure, "Could not quarantine message %s (%s); answering 503 so it is not lost",
                    messageId, e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
        }
        stats.count(PushStats.Outcome.quarantined);
        return Response.noContent().build();
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
