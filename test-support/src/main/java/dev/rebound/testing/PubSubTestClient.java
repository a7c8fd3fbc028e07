package dev.rebound.testing;

import static org.awaitility.Awaitility.await;

import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.runtime.pubsub.EmulatorRestPublisher;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import dev.rebound.runtime.pubsub.PubSubChannels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * What a test does with the emulator: publish events and raw messages, and read what a service published through
 * a probe pull subscription on every catalog topic ({@code probe--<topic>}), each message kept once read.
 */
public final class PubSubTestClient implements AutoCloseable {
    public static final String PROBE_PREFIX = "probe--";

    private final String projectId;
    private final String emulatorHost;
    private final PubSubChannels channels;
    private final PubSubAdmin admin;
    private final SubscriberStub subscriber;
    private final EventCodec codec = new EventCodec(10 * 1024 * 1024);
    private final java.util.Map<String, List<ReceivedMessage>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, com.google.cloud.pubsub.v1.Publisher> publishers =
            new java.util.concurrent.ConcurrentHashMap<>();

    public PubSubTestClient(String emulatorHost, String projectId) {
        this.projectId = projectId;
        this.emulatorHost = emulatorHost;
        this.channels = new PubSubChannels(Optional.of(emulatorHost));
        this.admin = new PubSubAdmin(channels, projectId);
        try {
            this.subscriber = GrpcSubscriberStub.create(SubscriberStubSettings.newBuilder()
                    .setTransportChannelProvider(channels.channelProvider())
                    .setCredentialsProvider(channels.credentialsProvider()).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String projectId() {
        return projectId;
    }

    /** The transport to the emulator, for a test's own clients. */
    public PubSubChannels channels() {
        return channels;
    }

    public PubSubAdmin admin() {
        return admin;
    }

    /** Creates every catalog topic with a probe subscription on each. */
    public void provisionTopicsWithProbes(TopicCatalog catalog) {
        for (TopicCatalog.Topic topic : catalog.topics()) {
            admin.createTopic(topic.name());
            admin.createSubscription(PROBE_PREFIX + topic.name(), topic.name(), null, 30);
        }
    }

    /** Creates a service's catalog subscriptions as pull subscriptions (its pull delivery), on existing topics. */
    public void createPullSubscriptionsOf(TopicCatalog catalog, String service) {
        admin.provisionForPull(catalog, service::equals, topic -> { });
    }

    public String publish(Event<?> event) {
        return publish(event.type().topic(), codec.encode(event));
    }

    public String publish(String topic, EncodedMessage message) {
        if (message.data().length > EmulatorRestPublisher.EMULATOR_GRPC_LIMIT) {
            return EmulatorRestPublisher.publish(emulatorHost, projectId, topic, message, Duration.ofSeconds(30));
        }
        com.google.cloud.pubsub.v1.Publisher publisher = publishers.computeIfAbsent(topic, t -> {
            try {
                return com.google.cloud.pubsub.v1.Publisher
                        .newBuilder(com.google.pubsub.v1.TopicName.of(projectId, t))
                        .setChannelProvider(channels.channelProvider())
                        .setCredentialsProvider(channels.credentialsProvider())
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return publisher.publish(com.google.pubsub.v1.PubsubMessage.newBuilder()
                    .setData(com.google.protobuf.ByteString.copyFrom(message.data()))
                    .putAllAttributes(message.attributes()).build()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("publish to " + topic + " failed", e.getCause());
        }
    }

    /** Everything the probe on a topic has received so far (pulls what is new first). */
    public List<ReceivedMessage> received(String topic) {
        String sub = ProjectSubscriptionName.of(projectId, PROBE_PREFIX + topic).toString();
        List<ReceivedMessage> list = seen.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
        PullResponse response = subscriber.pullCallable().call(PullRequest.newBuilder()
                .setSubscription(sub).setMaxMessages(100).setReturnImmediately(true).build());
        if (response.getReceivedMessagesCount() > 0) {
            list.addAll(response.getReceivedMessagesList());
            List<String> ackIds = new ArrayList<>();
            response.getReceivedMessagesList().forEach(m -> ackIds.add(m.getAckId()));
            subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder().setSubscription(sub)
                    .addAllAckIds(ackIds).build());
        }
        return List.copyOf(list);
    }

    /** Messages on a topic whose attributes match, e.g. {@code ce-type}. */
    public List<ReceivedMessage> received(String topic, Predicate<Map<String, String>> attributes) {
        return received(topic).stream().filter(m -> attributes.test(m.getMessage().getAttributesMap())).toList();
    }

    public List<ReceivedMessage> receivedOfType(String topic, String ceType) {
        return received(topic, a -> ceType.equals(a.get("ce-type")));
    }

    /** Waits (with a deadline) until at least {@code count} messages of a type were published on a topic. */
    public List<ReceivedMessage> awaitType(String topic, String ceType, int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> receivedOfType(topic, ceType).size() >= count);
        return receivedOfType(topic, ceType);
    }

    public Event<?> decode(ReceivedMessage message) {
        return codec.decode(message.getMessage().getData().toByteArray(), message.getMessage().getAttributesMap());
    }

    @Override
    public void close() {
        publishers.values().forEach(com.google.cloud.pubsub.v1.Publisher::shutdown);
        subscriber.close();
        admin.close();
        channels.close();
    }
}
