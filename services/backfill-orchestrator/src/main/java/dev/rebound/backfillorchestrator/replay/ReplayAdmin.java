package dev.rebound.backfillorchestrator.replay;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.pubsub.PubSubAdmin;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The Pub/Sub admin client replay and dead-letter redrive use (seek, snapshots, pulls from hold subscriptions),
 * created on first use: the Google clients dominate start-up time and most instances never replay.
 */
@ApplicationScoped
public class ReplayAdmin {
    private final EventPublisher publisher;
    private final ReboundConfig config;
    private volatile PubSubAdmin admin;

    public ReplayAdmin(EventPublisher publisher, ReboundConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    public PubSubAdmin admin() {
        PubSubAdmin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = new PubSubAdmin(publisher.channels(), config.pubsub().projectId());
                }
                a = admin;
            }
        }
        return a;
    }

    void stop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close();
        }
    }
}
