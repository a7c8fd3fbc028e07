package dev.rebound.runtime.pubsub;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SeekRequest;
import com.google.pubsub.v1.SnapshotName;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import dev.rebound.events.catalog.TopicCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Topic and subscription administration: provisioning from the topic catalog (the launcher and the test harness;
 * Terraform does it in production), and Seek for replay. Creation tolerates a concurrent creator.
 */
public final class PubSubAdmin implements AutoCloseable {
    private final String projectId;
    private final TopicAdminClient topics;
    private final SubscriptionAdminClient subscriptions;

    public PubSubAdmin(PubSubChannels channels, String projectId) {
        this.projectId = projectId;
        try {
            this.topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                    .setTransportChannelProvider(channels.channelProvider())
                    .setCredentialsProvider(channels.credentialsProvider()).build());
            this.subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(channels.channelProvider())
                    .setCredentialsProvider(channels.credentialsProvider()).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String projectId() {
        return projectId;
    }

    public void createTopic(String topic) {
        try {
            topics.createTopic(TopicName.of(projectId, topic));
        } catch (AlreadyExistsException e) {
            // provisioning is idempotent: another process or an earlier run created it
            return;
        }
    }

    /** Creates a push (endpoint given) or pull (endpoint null) subscription; an existing one is left as it is. */
    public void createSubscription(String name, String topic, String pushEndpoint, int ackDeadlineSeconds) {
        Subscription.Builder sub = Subscription.newBuilder()
                .setName(ProjectSubscriptionName.of(projectId, name).toString())
                .setTopic(TopicName.of(projectId, topic).toString())
                .setAckDeadlineSeconds(ackDeadlineSeconds)
                .setRetainAckedMessages(true)
                .setMessageRetentionDuration(Duration.newBuilder().setSeconds(7 * 24 * 3600).build());
        if (pushEndpoint != null) {
            sub.setPushConfig(PushConfig.newBuilder().setPushEndpoint(pushEndpoint).build());
        }
        try {
            subscriptions.createSubscription(sub.build());
        } catch (AlreadyExistsException e) {
            return;
        }
    }

    /**
     * Creates every catalog topic, and for the given consumers their push subscriptions at the endpoint the
     * function gives (base URL per consumer), plus the catalog's pull subscriptions.
     */
    public void provision(TopicCatalog catalog, Function<String, String> pushBaseUrlOfConsumer) {
        provision(catalog, pushBaseUrlOfConsumer, topic -> { });
    }

    /**
     * As {@link #provision(TopicCatalog, Function)}, topic by topic: each topic's subscriptions (then whatever
     * {@code alsoForEachTopic} adds) are created right after the topic, because Pub/Sub drops a message published to
     * a topic that has no subscription yet — against an emulator restarted under running publishers, the window for
     * that loss is one topic's few calls rather than the whole catalog's.
     */
    public void provision(TopicCatalog catalog, Function<String, String> pushBaseUrlOfConsumer,
            Consumer<TopicCatalog.Topic> alsoForEachTopic) {
        provisionEach(catalog, s -> {
            String base = pushBaseUrlOfConsumer.apply(s.consumer());
            return base == null ? null : base + catalog.pushPath();
        }, alsoForEachTopic);
    }

    /**
     * Creates every catalog topic and, for the consumers the predicate names, their catalog subscriptions as pull
     * subscriptions — the layout where several instances of a service compete for one subscription's messages —
     * topic by topic as {@link #provision(TopicCatalog, Function, Consumer)} does.
     */
    public void provisionForPull(TopicCatalog catalog, Predicate<String> consumerRunsHere,
            Consumer<TopicCatalog.Topic> alsoForEachTopic) {
        provisionEach(catalog, s -> consumerRunsHere.test(s.consumer()) ? PULL : null, alsoForEachTopic);
    }

    /** What {@code endpointOf} answers for a subscription to be created without a push endpoint. */
    private static final String PULL = "";

    /**
     * Topic by topic: the topic, then each of its catalog subscriptions — pull ones always, push ones as
     * {@code endpointOf} says: a push endpoint, {@link #PULL}, or null for a consumer not provisioned here.
     */
    private void provisionEach(TopicCatalog catalog, Function<TopicCatalog.Subscription, String> endpointOf,
            Consumer<TopicCatalog.Topic> alsoForEachTopic) {
        for (TopicCatalog.Topic topic : catalog.topics()) {
            createTopic(topic.name());
            for (TopicCatalog.Binding b : catalog.bindings()) {
                if (!b.topic().name().equals(topic.name())) {
                    continue;
                }
                TopicCatalog.Subscription s = b.subscription();
                String endpoint = s.delivery() == TopicCatalog.Delivery.pull ? PULL : endpointOf.apply(s);
                if (endpoint != null) {
                    createSubscription(s.name(), topic.name(), endpoint.isEmpty() ? null : endpoint, s.ackDeadlineS());
                }
            }
            alsoForEachTopic.accept(topic);
        }
    }

    public void seek(String subscription, Instant time) {
        subscriptions.seek(SeekRequest.newBuilder()
                .setSubscription(ProjectSubscriptionName.of(projectId, subscription).toString())
                .setTime(Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build())
                .build());
    }

    public void seekToSnapshot(String subscription, String snapshot) {
        subscriptions.seek(SeekRequest.newBuilder()
                .setSubscription(ProjectSubscriptionName.of(projectId, subscription).toString())
                .setSnapshot(SnapshotName.of(projectId, snapshot).toString())
                .build());
    }

    public void createSnapshot(String snapshot, String subscription) {
        subscriptions.createSnapshot(SnapshotName.of(projectId, snapshot),
                ProjectSubscriptionName.of(projectId, subscription).toString());
    }

    public SubscriptionAdminClient subscriptions() {
        return subscriptions;
    }

    public TopicAdminClient topics() {
        return topics;
    }

    @Override
    public void close() {
        topics.close();
        subscriptions.close();
    }
}
