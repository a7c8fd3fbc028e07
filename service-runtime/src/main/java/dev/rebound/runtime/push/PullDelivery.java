package dev.rebound.runtime.push;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Pull delivery, the alternative to push for hosts that run continuously (GKE, VMs), cannot be reached by Pub/Sub,
 * or run as N competing instances (the local mesh): with {@code rebound.push.delivery=pull} the service streams each
 * of its catalog subscriptions and hands every message to the same {@link InboundMessageProcessor} as the push
 * endpoint — acknowledged where push would answer 2xx, nacked where push would answer 5xx. The nack hands the
 * message back to Pub/Sub at once; that is why this is the Google client's Subscriber and not SmallRye Reactive
 * Messaging's gcp-pubsub connector, whose messages cannot be nacked (docs/architecture.md has the measurements).
 */
@ApplicationScoped
public class PullDelivery {
    private static final Logger LOG = Logger.getLogger(PullDelivery.class);

    private final InboundMessageProcessor processor;
    private final EventPublisher publisher;
    private final TopicCatalog catalog;
    private final ReboundConfig config;
    private final List<Subscriber> subscribers = new ArrayList<>();

    public PullDelivery(InboundMessageProcessor processor, EventPublisher publisher, TopicCatalog catalog,
            ReboundConfig config) {
        this.processor = processor;
        this.publisher = publisher;
        this.catalog = catalog;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.push().delivery() != ReboundConfig.Delivery.pull) {
            return;
        }
        for (TopicCatalog.Binding binding : catalog.pushBindingsOf(config.service().name())) {
            String subscription = binding.subscription().name();
            Subscriber subscriber = Subscriber.newBuilder(
                            ProjectSubscriptionName.of(config.pubsub().projectId(), subscription),
                            (PubsubMessage message, AckReplyConsumer reply) -> receive(subscription, message, reply))
                    .setChannelProvider(publisher.channels().channelProvider())
                    .setCredentialsProvider(publisher.channels().credentialsProvider())
                    .build();
            subscriber.startAsync().awaitRunning();
            subscribers.add(subscriber);
            LOG.infof("Pulling %s", subscription);
        }
    }

    /** A pulled message as the processor reads it: the same fields a push carries. */
    public static PushEnvelope envelope(String subscription, PubsubMessage message) {
        return new PushEnvelope(subscription, message.getMessageId(),
                Instant.ofEpochSecond(message.getPublishTime().getSeconds(), message.getPublishTime().getNanos())
                        .toString(),
                message.getData().toByteArray(), message.getAttributesMap());
    }

    private void receive(String subscription, PubsubMessage message, AckReplyConsumer reply) {
        if (processor.process(envelope(subscription, message)) == PushStats.Outcome.retried) {
            reply.nack();
        } else {
            reply.ack();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        for (Subscriber subscriber : subscribers) {
            subscriber.stopAsync();
            try {
                subscriber.awaitTerminated(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                LOG.warnf("Subscriber %s did not stop within 5 s", subscriber.getSubscriptionNameString());
            }
        }
    }
}
