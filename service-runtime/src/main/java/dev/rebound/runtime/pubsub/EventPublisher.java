package dev.rebound.runtime.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.batching.BatchingSettings;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.observability.CurrentTrace;
import dev.rebound.runtime.observability.EventObservability;
import dev.rebound.events.TraceContext;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Publishes contract events with the Google Pub/Sub client. Every event is validated by the codec first, and
 * {@link #publish} returns only once Pub/Sub has accepted the message: a failure throws, it is never swallowed.
 * Publishers are created lazily per topic (the Google clients dominate startup time).
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    /** How long shutting down waits for messages in flight to be accepted. */
    static final Duration SHUTDOWN_FLUSH = Duration.ofSeconds(3);

    private final ReboundConfig config;
    private final EventCodec codec;
    private final ScenarioClock clock;
    private final EventObservability observability;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
    private volatile PubSubChannels channels;

    public EventPublisher(ReboundConfig config, EventCodec codec, ScenarioClock clock,
            EventObservability observability) {
        this.config = config;
        this.codec = codec;
        this.clock = clock;
        this.observability = observability;
    }

    /** Builds an event from this service (ce-source {@code //rebound/<service>}, ce-time now) and publishes it. */
    public <T extends EventPayload> Event<T> publish(T payload, String correlationId) {
        Event<T> event = Event.of(source(), clock.instant(), payload, correlationId);
        publish(event);
        return event;
    }

    /**
     * Publishes a prepared event to its type's topic; returns the Pub/Sub message id. The current trace (of the
     * message being handled, or a new one) continues in the {@code traceparent} attribute, so one repair chain is
     * one trace across services.
     */
    public String publish(Event<?> event) {
        Event<?> traced = event;
        if (!event.attributes().extensions().containsKey(TraceContext.ATTRIBUTE)) {
            TraceContext span = CurrentTrace.get().map(TraceContext::child).orElseGet(TraceContext::newRoot);
            traced = new Event<>(event.attributes().withExtension(TraceContext.ATTRIBUTE, span.traceparent()),
                    event.data());
        }
        EncodedMessage message = codec.encode(traced);
        String messageId = publishRaw(traced.type().topic(), message);
        observability.published(traced);
        return messageId;
    }

    /** Publishes already-encoded bytes (quarantine, GCS-format notifications, replays). */
    public String publishRaw(String topic, EncodedMessage message) {
        return publishRawAll(topic, List.of(message)).get(0);
    }

    /**
     * Publishes already-encoded messages to one topic all at once, as a source that emits them together does (Cloud
     * Storage notifying the objects of one upload): handed to the client together, they leave in the same requests
     * rather than one round trip after another. Returns their message ids in order once Pub/Sub accepted all of them;
     * throws if any failed or took longer than the publish timeout.
     */
    public List<String> publishRawAll(String topic, List<EncodedMessage> messages) {
        List<ApiFuture<String>> futures = new ArrayList<>(messages.size());
        for (EncodedMessage message : messages) {
            if (channels().emulator() && message.data().length > EmulatorRestPublisher.EMULATOR_GRPC_LIMIT) {
                futures.add(ApiFutures.immediateFuture(EmulatorRestPublisher.publish(
                        config.pubsub().emulatorHost().orElseThrow(), config.pubsub().projectId(), topic, message,
                        config.pubsub().publishTimeout())));
                continue;
            }
            futures.add(publisher(topic).publish(PubsubMessage.newBuilder()
                    .setData(ByteString.copyFrom(message.data()))
                    .putAllAttributes(message.attributes())
                    .build()));
        }
        Duration timeout = config.pubsub().publishTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> ids = new ArrayList<>(futures.size());
        for (ApiFuture<String> future : futures) {
            try {
                ids.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("Interrupted publishing to " + topic, e);
            } catch (ExecutionException e) {
                throw new PublishFailedException("Publishing to " + topic + " failed: " + e.getCause().getMessage(),
                        e.getCause());
            } catch (TimeoutException e) {
                futures.forEach(f -> f.cancel(true));
                throw new PublishFailedException("Publishing to " + topic + " took longer than " + timeout, e);
            }
        }
        return ids;
    }

    public String source() {
        return "//rebound/" + config.service().name();
    }

    private Publisher publisher(String topic) {
        return publishers.computeIfAbsent(topic, this::createPublisher);
    }

    private Publisher createPublisher(String topic) {
        try {
            return Publisher.newBuilder(TopicName.of(config.pubsub().projectId(), topic))
                    .setChannelProvider(channels().channelProvider())
                    .setCredentialsProvider(channels().credentialsProvider())
                    .setBatchingSettings(BatchingSettings.newBuilder()
                            .setElementCountThreshold(100L)
                            .setRequestByteThreshold(1_000_000L)
                            .setDelayThresholdDuration(Duration.ofMillis(1))
                            .build())
                    .build();
        } catch (IOException e) {
            throw new PublishFailedException("Cannot create a publisher for " + topic, e);
        }
    }

    /** The shared transport (also used by admin calls such as the readiness check and replay). */
    public PubSubChannels channels() {
        PubSubChannels c = channels;
        if (c == null) {
            synchronized (this) {
                if (channels == null) {
                    channels = new PubSubChannels(config.pubsub().emulatorHost());
                }
                c = channels;
            }
        }
        return c;
    }

    /**
     * Flushes every publisher, all at once, for at most {@link #SHUTDOWN_FLUSH}. The client's own shutdown waits for
     * every message in flight without a bound, and one in flight while Pub/Sub is unreachable (stopped with the
     * service, say) is retried for minutes; what a service must not lose is in its outbox and published after a
     * restart, so what is still in flight at the bound is left behind, and said so.
     */
    void stop(@Observes ShutdownEvent event) {
        Map<String, Thread> flushing = new java.util.LinkedHashMap<>();
        publishers.forEach((topic, publisher) -> {
            Thread t = new Thread(() -> {
                publisher.shutdown();
                try {
                    publisher.awaitTermination(SHUTDOWN_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "publisher-shutdown-" + topic);
            t.setDaemon(true);
            t.start();
            flushing.put(topic, t);
        });
        long deadline = System.nanoTime() + SHUTDOWN_FLUSH.toNanos();
        java.util.concurrent.atomic.AtomicBoolean leftBehind = new java.util.concurrent.atomic.AtomicBoolean();
        flushing.forEach((topic, t) -> {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                leftBehind.set(true);
                LOG.warnf("The publisher of %s still had messages in flight %s after shutdown began; left behind",
                        topic, SHUTDOWN_FLUSH);
            }
        });
        if (channels != null) {
            if (leftBehind.get()) {
                channels.closeNow(); // its calls in flight would hold a graceful close
            } else {
                channels.close();
            }
        }
    }
}
