package dev.rebound.client;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.rebound.events.Event;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Publishes to Pub/Sub with the Google client: the emulator (plaintext, no credentials) when an emulator host is
 * given, otherwise Google's application default credentials (the service account on Cloud Run and GCE). Each event
 * goes to its type's topic; one publisher per topic, created when first needed.
 */
public final class PubSubSink implements EventSink, AutoCloseable {
    /**
     * One publish attempt: the Google client retries within it, the client's queue retries after it. Kept short
     * because the Google publisher's shutdown waits for outstanding publishes (its default is 10 minutes).
     */
    private static final RetrySettings ATTEMPT = RetrySettings.newBuilder()
            .setTotalTimeoutDuration(Duration.ofSeconds(10))
            .setInitialRetryDelayDuration(Duration.ofMillis(100))
            .setRetryDelayMultiplier(2)
            .setMaxRetryDelayDuration(Duration.ofSeconds(2))
            .setInitialRpcTimeoutDuration(Duration.ofSeconds(5))
            .setRpcTimeoutMultiplier(1)
            .setMaxRpcTimeoutDuration(Duration.ofSeconds(5))
            .build();
    private static final Duration PUBLISH_TIMEOUT = ATTEMPT.getTotalTimeoutDuration().plusSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final String projectId;
    private final EventCodec codec;
    private final ManagedChannel emulatorChannel;
    private final TransportChannelProvider channels;
    private final CredentialsProvider credentials;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();

    /** {@code emulatorHost} is host:port of the Pub/Sub emulator, or null for Pub/Sub itself. */
    public PubSubSink(String projectId, String emulatorHost) {
        this.projectId = projectId;
        this.codec = Contract.codec();
        if (emulatorHost != null && !emulatorHost.isBlank()) {
            emulatorChannel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
            channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
            credentials = NoCredentialsProvider.create();
        } else {
            emulatorChannel = null;
            channels = TopicAdminSettings.defaultTransportChannelProvider();
            credentials = TopicAdminSettings.defaultCredentialsProviderBuilder().build();
        }
    }

    @Override
    public void publish(Event<?> event) throws IOException, InterruptedException, PublishRefusedException {
        EncodedMessage message = codec.encode(event);
        PubsubMessage pubsubMessage = PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(message.data()))
                .putAllAttributes(message.attributes())
                .build();
        String topic = event.type().topic();
        try {
            publisher(topic).publish(pubsubMessage).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String failure = "publishing to " + topic + " in " + projectId + " failed: " + e.getCause().getMessage();
            if (e.getCause() instanceof ApiException api
                    && api.getStatusCode().getCode() == StatusCode.Code.INVALID_ARGUMENT) {
                throw new PublishRefusedException(failure, api);
            }
            throw new IOException(failure, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("publishing to " + topic + " took longer than " + PUBLISH_TIMEOUT, e);
        }
    }

    private Publisher publisher(String topic) throws IOException {
        Publisher existing = publishers.get(topic);
        if (existing != null) {
            return existing;
        }
        synchronized (publishers) {
            Publisher publisher = publishers.get(topic);
            if (publisher == null) {
                publisher = Publisher.newBuilder(TopicName.of(projectId, topic))
                        .setChannelProvider(channels)
                        .setCredentialsProvider(credentials)
                        .setRetrySettings(ATTEMPT)
                        .build();
                publishers.put(topic, publisher);
            }
            return publisher;
        }
    }

    /**
     * Shuts the publishers down, waiting at most a few seconds: the Google publisher's shutdown blocks while a publish
     * is still retrying, and what was not sent by now has been reported by the client's queue already.
     */
    @Override
    public void close() {
        Thread shutdown = new Thread(() -> {
            publishers.values().forEach(Publisher::shutdown);
            if (emulatorChannel != null) {
                emulatorChannel.shutdown();
            }
        }, "rebound-publisher-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();
        try {
            shutdown.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
