package dev.rebound.rosterwatcher.messaging;

import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.rosterwatcher.ScraperBridge;
import dev.rebound.runtime.push.GcsNotificationHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where Cloud Storage notifications come in ({@code gcs-object-notifications}, pushed to /pubsub/push; the shared
 * endpoint has decoded GCS's format and quarantined what it could not). The bridge records or ignores each one.
 */
@ApplicationScoped
public class GcsObjectNotificationHandler implements GcsNotificationHandler {
    private final ScraperBridge bridge;

    public GcsObjectNotificationHandler(ScraperBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void handle(GcsNotification notification, String messageId) {
        bridge.accept(notification);
    }
}
