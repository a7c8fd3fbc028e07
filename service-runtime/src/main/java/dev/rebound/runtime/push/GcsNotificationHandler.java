package dev.rebound.runtime.push;

import dev.rebound.events.gcs.GcsNotification;
import java.time.Instant;

/** A service's handling of Cloud Storage notifications (GCS's own format, not CloudEvents). */
public interface GcsNotificationHandler {

    /**
     * {@code messageId} is the Pub/Sub message id, the dedupe key for notifications; {@code publishedAt} is when
     * Pub/Sub accepted it, on the real clock (null when the delivery does not say): how late it is reaching the
     * service.
     */
    void handle(GcsNotification notification, String messageId, Instant publishedAt) throws Exception;
}
