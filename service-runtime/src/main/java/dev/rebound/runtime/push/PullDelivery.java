package dev.rebound.runtime.push;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 *
 * <p>A stream that ends — the subscription missing, Pub/Sub unreachable or restarted — is reopened with a capped
 * back-off instead of leaving the instance deaf, and until every stream runs the instance reports itself not ready
 * ({@link PullDeliveryReadiness}). Each instance holds few messages at a time ({@code rebound.push.pull.max-outstanding})
 * on short leases ({@code rebound.push.pull.lease}), so competing instances share a subscription's messages and a
 * killed one delays what it held by one lease at most.
 */
@ApplicationScoped
public class PullDelivery {
    private static final Logger LOG = Logger.getLogger(PullDelivery.class);
    static final String MAX_OUTSTANDING_KEY = "rebound.push.pull.max-outstanding";
    static final String LEASE_KEY = "rebound.push.pull.lease";
    /** Pub/Sub's bounds for a stream's ack deadline. */
    private static final Duration MIN_LEASE = Duration.ofSeconds(10);
    private static final Duration MAX_LEASE = Duration.ofSeconds(600);
    private static final Duration FIRST_REOPEN = Duration.ofMillis(250);
    private static final Duration LAST_REOPEN = Duration.ofSeconds(5);

    private final InboundMessageProcessor processor;
    private final EventPublisher publisher;
    private final TopicCatalog catalog;
    private final ReboundConfig config;
    private final Map<String, Subscriber> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reopener = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pull-reopen");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

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
        validate(config.push().pull());
        for (TopicCatalog.Binding binding : catalog.pushBindingsOf(config.service().name())) {
            open(binding.subscription().name(), 0);
        }
    }

    static void validate(ReboundConfig.Push.Pull pull) {
        if (pull.maxOutstanding() < 1) {
            throw new ConfigurationException(MAX_OUTSTANDING_KEY + " must be at least 1, was " + pull.maxOutstanding());
        }
        if (pull.lease().compareTo(MIN_LEASE) < 0 || pull.lease().compareTo(MAX_LEASE) > 0) {
            throw new ConfigurationException(LEASE_KEY + " must be between 10s and 600s (Pub/Sub's bounds for an ack"
                    + " deadline), was " + pull.lease());
        }
    }

    private void open(String subscription, int failures) {
        if (stopping) {
            return;
        }
        ReboundConfig.Push.Pull pull = config.push().pull();
        Subscriber subscriber = Subscriber.newBuilder(
                        ProjectSubscriptionName.of(config.pubsub().projectId(), subscription),
                        (PubsubMessage message, AckReplyConsumer reply) -> receive(subscription, message, reply))
                .setChannelProvider(publisher.channels().channelProvider())
                .setCredentialsProvider(publisher.channels().credentialsProvider())
                .setFlowControlSettings(FlowControlSettings.newBuilder()
                        .setMaxOutstandingElementCount((long) pull.maxOutstanding()).build())
                .setMaxDurationPerAckExtensionDuration(pull.lease())
                .build();
        subscriber.addListener(new ApiService.Listener() {
            @Override
            public void running() {
                LOG.infof("Pulling %s", subscription);
            }

            @Override
            public void failed(ApiService.State from, Throwable failure) {
                if (stopping) {
                    return;
                }
                Duration wait = backOff(failures);
                LOG.warnf("Pulling %s stopped (%s); reopening in %d ms", subscription, failure.getMessage(),
                        wait.toMillis());
                reopener.schedule(() -> open(subscription, failures + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }, MoreExecutors.directExecutor());
        streams.put(subscription, subscriber);
        subscriber.startAsync();
    }

    static Duration backOff(int failures) {
        Duration wait = FIRST_REOPEN.multipliedBy(1L << Math.min(failures, 10));
        return wait.compareTo(LAST_REOPEN) > 0 ? LAST_REOPEN : wait;
    }

    /** Each subscription this instance pulls and the state of its stream ({@code RUNNING} when it is receiving). */
    public Map<String, String> streamStates() {
        Map<String, String> states = new TreeMap<>();
        streams.forEach((subscription, subscriber) -> states.put(subscription, subscriber.state().name()));
        return states;
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
        stopping = true;
        reopener.shutdownNow();
        for (Subscriber subscriber : streams.values()) {
            subscriber.stopAsync();
            try {
                subscriber.awaitTerminated(5, TimeUnit.SECONDS);
            } catch (TimeoutException | IllegalStateException e) {
                LOG.warnf("Subscriber %s did not stop cleanly: %s", subscriber.getSubscriptionNameString(),
                        e.getMessage());
            }
        }
    }
}
