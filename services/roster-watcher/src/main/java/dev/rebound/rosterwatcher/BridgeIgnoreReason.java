package dev.rebound.rosterwatcher;

import dev.rebound.events.gcs.GcsNotification;

/** Why the bridge took a notification without recording an object (counted in the bridge stats). */
public enum BridgeIgnoreReason {
    /** The object was deleted: nothing new to process. */
    object_delete,
    /** Archived (versioned buckets) or metadata changed: the content the processor reads did not change. */
    object_archive,
    object_metadata_update,
    /** No configured scraper owns this bucket and path. */
    no_matching_scraper,
    /** A scraper's pattern matched but the date in the path is not a calendar date. */
    invalid_data_date,
    /** This object generation is already recorded (a redelivery, or a re-notification of the same write). */
    duplicate_generation,
    /** A newer generation of the object is already recorded: this notification arrived out of order. */
    superseded_generation;

    /** The reason for a notification that is not a finalize, or null for OBJECT_FINALIZE. */
    public static BridgeIgnoreReason forEventType(String eventType) {
        return switch (eventType) {
            case GcsNotification.OBJECT_FINALIZE -> null;
            case GcsNotification.OBJECT_DELETE -> object_delete;
            case "OBJECT_ARCHIVE" -> object_archive;
            default -> object_metadata_update;
        };
    }
}
