package dev.rebound.rosterwatcher.messaging;

import dev.rebound.events.gcs.GcsNotification;
import dev.rebound.rosterwatcher.NotificationBacklog;
import dev.rebound.rosterwatcher.ScraperBridge;
import dev.rebound.runtime.push.GcsNotificationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Where Cloud Storage notifications come in ({@code gcs-object-notifications}, pushed to /pubsub/push; the shared
 * endpoint has decoded GCS's format and quarantined what it could not). The bridge records or ignores each one; how
 * late each arrived tells whether a backlog is draining ({@link NotificationBacklog}).
 */
@ApplicationScoped
public class GcsObjectNotificationHandler implements GcsNotificationHandler {
    private final ScraperBridge bridge;
    private final NotificationBacklog backlog;

    public GcsObjectNotificationHandler(ScraperBridge bridge, NotificationBacklog backlog) {
        this.bridge = bridge;
        this.backlog = backlog;
    }

    @Override
    public void handle(GcsNotification notification, String messageId, Instant publishedAt) {
        backlog.delivered(publishedAt);
        bridge.accept(notification);
    }
}
