package dev.rebound.backfillorchestrator.replay;

import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What Pub/Sub dead-lettered — messages a push or archive subscription could not deliver after its attempts —
 * read from each topic's hold subscription ({@code <topic>--dead-letter--hold}). Listing pulls and hands the
 * messages straight back (they stay held); redriving re-publishes each to the topic it was dead-lettered from
 * (original bytes and ce-id, {@code rebound_replay=true}) and only then acknowledges it on the hold subscription.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** Attributes Pub/Sub adds when it dead-letters a message; not part of the original. */
    static final String SOURCE_SUBSCRIPTION = "CloudPubSubDeadLetterSourceSubscription";
    static final String DELIVERY_ATTEMPTS = "CloudPubSubDeadLetterSourceDeliveryCount";
    private static final String PUBSUB_PREFIX = "CloudPubSubDeadLetter";
    private static final int PULL_BATCH = 100;

    private final ReplayAdmin pubsub;
    private final EventPublisher publisher;
    private final TopicCatalog catalog;

    public DeadLetters(ReplayAdmin pubsub, EventPublisher publisher, TopicCatalog catalog) {
        this.pubsub = pubsub;
        this.publisher = publisher;
        this.catalog = catalog;
    }

    /** One held message; {@code source_subscription} and {@code delivery_attempts} as Pub/Sub recorded them. */
    public record DeadLetter(String topic, String messageId, Instant publishTime, String type, String ceId,
            String sourceSubscription, Integer deliveryAttempts, int size) {
    }

    public record Redriven(String topic, int republished) {
    }

    /** Up to {@code limit} held messages per topic ({@code topic} null: every catalog topic); nothing is consumed. */
    public List<DeadLetter> list(String topic, int limit) {
        List<DeadLetter> out = new ArrayList<>();
        for (String t : topics(topic)) {
            String hold = catalog.deadLetterHoldSubscriptionName(t);
            List<ReceivedMessage> pulled = pull(hold, limit);
            pulled.forEach(r -> out.add(entry(t, r.getMessage())));
            release(hold, pulled);
        }
        return out;
    }

    /** Re-publishes up to {@code limit} held messages per topic to their topic, acknowledging each once sent. */
    public List<Redriven> redrive(String topic, int limit) {
        List<Redriven> out = new ArrayList<>();
        for (String t : topics(topic)) {
            String hold = catalog.deadLetterHoldSubscriptionName(t);
            int sent = 0;
            List<ReceivedMessage> pulled = pull(hold, limit);
            try {
                for (ReceivedMessage r : pulled) {
                    publisher.publishRaw(t, new EncodedMessage(r.getMessage().getData().toByteArray(),
                            original(r.getMessage().getAttributesMap())));
                    pubsub.admin().subscriptions().acknowledge(subscription(hold), List.of(r.getAckId()));
                    sent++;
                }
            } finally {
                // what could not be sent goes back to the hold subscription at once
                release(hold, pulled.subList(sent, pulled.size()));
            }
            if (sent > 0) {
                LOG.infof("Redrove %d dead-lettered messages from %s to %s", sent, hold, t);
            }
            out.add(new Redriven(t, sent));
        }
        return out;
    }

    private List<String> topics(String topic) {
        if (topic == null || topic.isBlank()) {
            return catalog.topics().stream().map(TopicCatalog.Topic::name).toList();
        }
        catalog.topic(topic);
        return List.of(topic);
    }

    private List<ReceivedMessage> pull(String hold, int limit) {
        List<ReceivedMessage> pulled = new ArrayList<>();
        while (pulled.size() < limit) {
            @SuppressWarnings("deprecation") // returnImmediately: an empty hold answers at once instead of waiting
            PullRequest request = PullRequest.newBuilder().setSubscription(subscription(hold))
                    .setMaxMessages(Math.min(PULL_BATCH, limit - pulled.size())).setReturnImmediately(true).build();
            List<ReceivedMessage> batch = pubsub.admin().subscriptions().pull(request).getReceivedMessagesList();
            if (batch.isEmpty()) {
                break;
            }
            pulled.addAll(batch);
        }
        return pulled;
    }

    private void release(String hold, List<ReceivedMessage> messages) {
        if (!messages.isEmpty()) {
            pubsub.admin().subscriptions().modifyAckDeadline(subscription(hold),
                    messages.stream().map(ReceivedMessage::getAckId).toList(), 0);
        }
    }

    private String subscription(String name) {
        return ProjectSubscriptionName.of(pubsub.admin().projectId(), name).toString();
    }

    private static Map<String, String> original(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (!k.startsWith(PUBSUB_PREFIX)) {
                out.put(k, v);
            }
        });
        out.put(EventAttributes.REPLAY, "true");
        return out;
    }

    private static DeadLetter entry(String topic, PubsubMessage m) {
        Map<String, String> a = m.getAttributesMap();
        Integer attempts = null;
        try {
            attempts = a.containsKey(DELIVERY_ATTEMPTS) ? Integer.valueOf(a.get(DELIVERY_ATTEMPTS)) : null;
        } catch (NumberFormatException unreadable) {
            attempts = null;
        }
        return new DeadLetter(topic, m.getMessageId(), Instant.ofEpochSecond(m.getPublishTime().getSeconds(),
                m.getPublishTime().getNanos()), a.get(EventAttributes.TYPE), a.get(EventAttributes.ID),
                a.get(SOURCE_SUBSCRIPTION), attempts, m.getData().size());
    }
}
