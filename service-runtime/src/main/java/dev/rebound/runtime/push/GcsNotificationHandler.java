package dev.rebound.runtime.push;

import dev.rebound.events.gcs.GcsNotification;

/** A service's handling of Cloud Storage notifications (GCS's own format, not CloudEvents). */
public interface GcsNotificationHandler {

    /** {@code messageId} is the Pub/Sub message id, the dedupe key for notifications. */
    void handle(GcsNotification notification, String messageId) throws Exception;
}
