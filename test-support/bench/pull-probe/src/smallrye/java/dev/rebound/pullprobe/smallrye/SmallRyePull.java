package dev.rebound.pullprobe.smallrye;

import com.google.pubsub.v1.PubsubMessage;
import dev.rebound.runtime.push.InboundMessageProcessor;
import dev.rebound.runtime.push.PullDelivery;
import dev.rebound.runtime.push.PushStats;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.gcp.pubsub.PubSubMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Pull delivery as a service would write it with SmallRye Reactive Messaging: the gcp-pubsub connector streams the
 * channel's subscription, and each message goes through the same {@link InboundMessageProcessor} as push and the
 * Google-client pull — acknowledged where push answers 2xx, nacked where it answers 5xx. Up to five messages at a
 * time on the {@code pull} worker pool, as many as the Google client's default five executor threads.
 */
@ApplicationScoped
public class SmallRyePull {
    static final String CHANNEL = "heartbeats";

    private final InboundMessageProcessor processor;
    private final String subscription;

    public SmallRyePull(InboundMessageProcessor processor,
            @ConfigProperty(name = "mp.messaging.incoming." + CHANNEL + ".subscription") String subscription) {
        this.processor = processor;
        this.subscription = subscription;
    }

    @Incoming(CHANNEL)
    @Blocking(value = "pull", ordered = false)
    public CompletionStage<Void> receive(Message<?> message) {
        PubsubMessage pulled = message.unwrap(PubSubMessage.class).getMessage();
        if (processor.process(PullDelivery.envelope(subscription, pulled)) == PushStats.Outcome.retried) {
            return message.nack(new IllegalStateException("transient failure; Pub/Sub is to redeliver "
                    + pulled.getMessageId()));
        }
        return message.ack();
    }
}
