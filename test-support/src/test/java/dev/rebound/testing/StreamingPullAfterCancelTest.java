package dev.rebound.testing;

import static org.awaitility.Awaitility.await;

import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.ProjectSubscriptionName;
import dev.rebound.events.codec.EncodedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emulator forgets a streaming pull its client cancelled: the Java client closes and reopens idle streams
 * (keepalive) and every instance that stops cancels its streams, so a dead stream that still drew messages would
 * hold them for the whole ack deadline (here 10 minutes) while the live subscriber waits.
 */
@RequiresPubSubEmulator
class StreamingPullAfterCancelTest {
    private static final String TOPIC = "cancel-probe";
    private static final String SUBSCRIPTION = "cancel-probe-sub";

    @Test
    void messagesGoToTheLiveStreamOnceAnotherWasCancelled() throws Exception {
        PubSubEmulator emulator = PubSubEmulator.shared().orElseThrow();
        String project = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
        try (PubSubTestClient client = new PubSubTestClient(emulator.hostPort(), project)) {
            client.admin().createTopic(TOPIC);
            client.admin().createSubscription(SUBSCRIPTION, TOPIC, null, 600);
            Subscriber cancelled = subscriber(client, project, (message, reply) -> reply.ack());
            cancelled.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);

            Set<String> received = ConcurrentHashMap.newKeySet();
            Subscriber live = subscriber(client, project, (message, reply) -> {
                received.add(message.getData().toStringUtf8());
                reply.ack();
            });
            try {
                for (int i = 0; i < 20; i++) {
                    client.publish(TOPIC, new EncodedMessage(("m" + i).getBytes(StandardCharsets.UTF_8), Map.of()));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 20);
            } finally {
                live.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Subscriber subscriber(PubSubTestClient client, String project, MessageReceiver receiver) {
        Subscriber subscriber = Subscriber.newBuilder(ProjectSubscriptionName.of(project, SUBSCRIPTION), receiver)
                .setChannelProvider(client.channels().channelProvider())
                .setCredentialsProvider(client.channels().credentialsProvider())
                .build();
        subscriber.startAsync().awaitRunning();
        return subscriber;
    }
}
