package dev.rebound.runtime.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.EventValidationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Pub/Sub push request body: {"message": {"data" (base64), "attributes", "messageId", "publishTime"},
 * "subscription"}. Parsing reports problems as path + reason, like the event codec.
 */
public record PushEnvelope(String subscription, String messageId, String publishTime, byte[] data,
        Map<String, String> attributes) {

    public static PushEnvelope parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new EventValidationException("body", "push body must be a JSON object");
        }
        JsonNode message = body.get("message");
        if (message == null || !message.isObject()) {
            throw new EventValidationException("body.message", "push body has no message object");
        }
        String subscription = text(body.get("subscription"));
        String messageId = text(message.has("messageId") ? message.get("messageId") : message.get("message_id"));
        String publishTime = text(message.has("publishTime") ? message.get("publishTime") : message.get("publish_time"));
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attrs = message.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                throw new EventValidationException("body.message.attributes", "must be an object of strings");
            }
            attrs.fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        }
        byte[] data = new byte[0];
        JsonNode dataNode = message.get("data");
        if (dataNode != null && !dataNode.isNull()) {
            if (!dataNode.isTextual()) {
                throw new EventValidationException("body.message.data", "must be a base64 string");
            }
            try {
                data = Base64.getDecoder().decode(dataNode.asText());
            } catch (IllegalArgumentException e) {
                throw new EventValidationException("body.message.data", "is not valid base64: " + e.getMessage());
            }
        }
        return new PushEnvelope(subscription, messageId, publishTime, data, attributes);
    }

    /** When Pub/Sub accepted the message (its own, real clock); null when the delivery does not say or says nonsense. */
    public Instant publishedAt() {
        if (publishTime == null) {
            return null;
        }
        try {
            return Instant.parse(publishTime);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The short subscription name from {@code projects/p/subscriptions/name}. */
    public String subscriptionName() {
        if (subscription == null) {
            return null;
        }
        int slash = subscription.lastIndexOf('/');
        return slash < 0 ? subscription : subscription.substring(slash + 1);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
