package dev.rebound.runtime.push;

import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends what cannot be processed to {@code rebound-quarantine}: the original bytes as the message data, the
 * reason, the field path and every original attribute (prefixed {@code original_}) as attributes, so nothing is
 * lost and an operator can fix and re-publish it. A failed quarantine publish throws: the push is then answered
 * 5xx and retried rather than acknowledged and lost. A message Pub/Sub delivered (it has a subscription and a message
 * id) is quarantined under a ce-id derived from those and the consumer ({@link #ceIdFor}), so quarantining a
 * redelivery of it again is a duplicate that consumers of the quarantine topic drop.
 */
@ApplicationScoped
public class Quarantine {
    private static final Logger LOG = Logger.getLogger(Quarantine.class);
    /** Pub/Sub caps messages at 10 MB; keep room for attributes. */
    static final int MAX_DATA_BYTES = 9 * 1024 * 1024;
    private static final int MAX_ATTRIBUTE_BYTES = 1024;

    public static final String REASON = "quarantine_reason";
    public static final String PATH = "quarantine_path";
    public static final String CONSUMER = "quarantine_consumer";
    public static final String SUBSCRIPTION = "quarantine_subscription";
    public static final String CONTENT = "quarantine_content";
    public static final String ORIGINAL_MESSAGE_ID = "quarantine_original_message_id";
    public static final String ORIGINAL_PREFIX = "original_";

    /** What the quarantined data is: the push message's data, or the whole push body when that was unreadable. */
    public enum Content {
        message_data, push_body
    }

    private final EventPublisher publisher;
    private final ScenarioClock clock;
    private final ReboundConfig config;

    public Quarantine(EventPublisher publisher, ScenarioClock clock, ReboundConfig config) {
        this.publisher = publisher;
        this.clock = clock;
        this.config = config;
    }

    public void send(byte[] data, Map<String, String> originalAttributes, Content content, String path, String reason,
            String subscription, String originalMessageId) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put(EventAttributes.SPEC_VERSION, EventAttributes.SPEC_VERSION_VALUE);
        attrs.put(EventAttributes.ID, subscription != null && originalMessageId != null
                ? ceIdFor(config.service().name(), subscription, originalMessageId) : UUID.randomUUID().toString());
        attrs.put(EventAttributes.SOURCE, publisher.source());
        attrs.put(EventAttributes.TYPE, EventType.QUARANTINED_CE_TYPE);
        attrs.put(EventAttributes.TIME, clock.instant().toString());
        attrs.put(EventAttributes.CONTENT_TYPE, "application/octet-stream");
        attrs.put(REASON, truncate(reason));
        attrs.put(PATH, truncate(path));
        attrs.put(CONSUMER, config.service().name());
        attrs.put(CONTENT, content.name());
        if (subscription != null) {
            attrs.put(SUBSCRIPTION, truncate(subscription));
        }
        if (originalMessageId != null) {
            attrs.put(ORIGINAL_MESSAGE_ID, truncate(originalMessageId));
        }
        originalAttributes.forEach((k, v) -> {
            if (attrs.size() < 95 && k.length() + ORIGINAL_PREFIX.length() <= 256) {
                attrs.put(ORIGINAL_PREFIX + k, truncate(v));
            }
        });
        byte[] payload = data == null ? new byte[0] : data;
        if (payload.length > MAX_DATA_BYTES) {
            attrs.put("quarantine_truncated", "true");
            attrs.put("quarantine_original_size", Integer.toString(payload.length));
            attrs.put("quarantine_original_sha256", sha256(payload));
            payload = Arrays.copyOf(payload, MAX_DATA_BYTES);
        }
        publisher.publishRaw(Topics.QUARANTINE, new EncodedMessage(payload, attrs));
        // a validation reason already starts with its path ("attributes.ce-id: is required; ..."): say it once
        String problem = reason != null && reason.startsWith(path + ":") ? reason : path + ": " + reason;
        LOG.warnf("Quarantined message %s from %s: %s", originalMessageId, subscription, problem);
    }

    /** The ce-id of the quarantine event for one delivered message: the same for every delivery of it. */
    public static String ceIdFor(String consumer, String subscription, String messageId) {
        return UUID.nameUUIDFromBytes(("quarantine\u0000" + consumer + "\u0000" + subscription + "\u0000" + messageId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static String truncate(String value) {
        if (value == null) {
            return "";
        }
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ATTRIBUTE_BYTES) {
            return value;
        }
        String cut = new String(bytes, 0, MAX_ATTRIBUTE_BYTES - 4, java.nio.charset.StandardCharsets.UTF_8);
        return cut.substring(0, Math.max(0, cut.length() - 1)) + "…";
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
