package dev.rebound.backfillorchestrator.replay;

import dev.rebound.events.EventAttributes;
import dev.rebound.events.EventType;
import dev.rebound.events.Topics;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.push.Quarantine;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the services quarantined, read back from the archive of {@code rebound-quarantine}: why (reason, field
 * path, consumer), what (the original bytes and attributes), and, once the producer or consumer is fixed, the
 * original re-published to the topic it came from — same bytes, same ce-id, {@code rebound_replay=true}.
 */
@ApplicationScoped
public class QuarantinedMessages {
    private static final String TRUNCATED = "quarantine_truncated";

    private final EventArchive archive;
    private final EventPublisher publisher;
    private final TopicCatalog catalog;

    public QuarantinedMessages(EventArchive archive, EventPublisher publisher, TopicCatalog catalog) {
        this.archive = archive;
        this.publisher = publisher;
        this.catalog = catalog;
    }

    /** A quarantined message; {@code original_*} are the attributes it arrived with. */
    public record Quarantined(String messageId, Instant quarantinedAt, String consumer, String subscription,
            String reason, String path, Quarantine.Content content, String originalType, String originalId,
            String originalMessageId, int size) {
    }

    /** One message whole: its attributes, and its data as text when it is UTF-8, else base64. */
    public record Detail(Quarantined message, Map<String, String> attributes, String dataText, String dataBase64) {
    }

    public record Republished(String quarantinedMessageId, String topic, String ceId, String messageId) {
    }

    /** Why a quarantined message cannot be re-published as it is. */
    public static final class NotRepublishable extends RuntimeException {
        NotRepublishable(String message) {
            super(message);
        }
    }

    public List<Quarantined> latest(Instant since, int limit) {
        return archive.latest(Topics.QUARANTINE, since, limit).stream().map(QuarantinedMessages::summary).toList();
    }

    public Optional<Detail> detail(String messageId) {
        return archive.message(Topics.QUARANTINE, messageId).map(m -> {
            String text = utf8(m.data());
            return new Detail(summary(m), m.attributes(), text, text == null
                    ? Base64.getEncoder().encodeToString(m.data()) : null);
        });
    }

    /** Re-publishes the original; empty when no such quarantined message is archived. */
    public Optional<Republished> republish(String messageId) {
        return archive.message(Topics.QUARANTINE, messageId).map(m -> {
            Map<String, String> a = m.attributes();
            if (!Quarantine.Content.message_data.name().equals(a.get(Quarantine.CONTENT))) {
                throw new NotRepublishable("message " + messageId + " holds a whole push body that could not be read;"
                        + " there is no original message to re-publish");
            }
            if ("true".equals(a.get(TRUNCATED))) {
                throw new NotRepublishable("message " + messageId + " was truncated when quarantined; re-publish the"
                        + " original from its producer");
            }
            String topic = topicOf(a).orElseThrow(() -> new NotRepublishable("cannot tell the topic message "
                    + messageId + " came from: its subscription '" + a.get(Quarantine.SUBSCRIPTION)
                    + "' is not in the topic catalog and its ce-type is unknown"));
            Map<String, String> original = new LinkedHashMap<>();
            a.forEach((k, v) -> {
                if (k.startsWith(Quarantine.ORIGINAL_PREFIX)) {
                    original.put(k.substring(Quarantine.ORIGINAL_PREFIX.length()), v);
                }
            });
            original.put(EventAttributes.REPLAY, "true");
            String published = publisher.publishRaw(topic, new EncodedMessage(m.data(), original));
            return new Republished(messageId, topic, original.get(EventAttributes.ID), published);
        });
    }

    private Optional<String> topicOf(Map<String, String> a) {
        return Optional.ofNullable(a.get(Quarantine.SUBSCRIPTION)).flatMap(catalog::subscription)
                .map(b -> b.topic().name())
                .or(() -> EventType.fromCeType(a.get(Quarantine.ORIGINAL_PREFIX + EventAttributes.TYPE))
                        .map(EventType::topic));
    }

    private static Quarantined summary(EventArchive.Archived m) {
        Map<String, String> a = m.attributes();
        Quarantine.Content content;
        try {
            content = Quarantine.Content.valueOf(a.getOrDefault(Quarantine.CONTENT, ""));
        } catch (IllegalArgumentException unknown) {
            content = null;
        }
        return new Quarantined(m.messageId(), m.publishTime(), a.get(Quarantine.CONSUMER),
                a.get(Quarantine.SUBSCRIPTION), a.get(Quarantine.REASON), a.get(Quarantine.PATH), content,
                a.get(Quarantine.ORIGINAL_PREFIX + EventAttributes.TYPE),
                a.get(Quarantine.ORIGINAL_PREFIX + EventAttributes.ID), a.get(Quarantine.ORIGINAL_MESSAGE_ID),
                m.data().length);
    }

    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}
