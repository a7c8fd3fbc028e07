package dev.rebound.runtime.health;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.TopicName;
import dev.rebound.events.Topics;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while Pub/Sub does not answer: every service must at least be able to reach its quarantine topic,
 * or it could not keep its promise to lose nothing.
 */
@Readiness
@ApplicationScoped
public class PubSubReadiness implements HealthCheck {
    private final EventPublisher publisher;
    private final ReboundConfig config;
    private volatile TopicAdminClient admin;

    public PubSubReadiness(EventPublisher publisher, ReboundConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        String topic = TopicName.of(config.pubsub().projectId(), Topics.QUARANTINE).toString();
        try {
            admin().getTopic(topic);
            return HealthCheckResponse.named("pubsub").up().withData("topic", topic).build();
        } catch (ApiException | IOException e) {
            return HealthCheckResponse.named("pubsub").down().withData("topic", topic)
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    private TopicAdminClient admin() throws IOException {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    TopicAdminSettings.Builder settings = TopicAdminSettings.newBuilder()
                            .setTransportChannelProvider(publisher.channels().channelProvider())
                            .setCredentialsProvider(publisher.channels().credentialsProvider());
                    settings.getTopicSettings().setSimpleTimeoutNoRetriesDuration(Duration.ofSeconds(2));
                    admin = TopicAdminClient.create(settings.build());
                }
            }
        }
        return admin;
    }

    void stop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close();
        }
    }
}
