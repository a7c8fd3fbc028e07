package dev.rebound.events.gcs;

import java.time.Instant;

/**
 * A Cloud Storage Pub/Sub notification (not a CloudEvent): the attributes GCS sets and, for JSON_API_V1, the
 * object resource. {@code object} is null for payloadFormat NONE.
 */
public record GcsNotification(String eventType, String bucketId, String objectId, long objectGeneration,
        String payloadFormat, Instant eventTime, String notificationConfig, GcsObject object) {

    public static final String OBJECT_FINALIZE = "OBJECT_FINALIZE";
    public static final String OBJECT_DELETE = "OBJECT_DELETE";
    public static final String JSON_API_V1 = "JSON_API_V1";

    public String gsPath() {
        return "gs://" + bucketId + "/" + objectId;
    }
}
