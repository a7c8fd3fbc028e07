package dev.rebound.events.codec;

/**
 * The size limits of the contract (docs/events.md, "Bounds"). The JSON Schemas carry them as {@code maxLength} and
 * {@code maxItems} on every string and array of event data; the codec applies the attribute ones. Generous for any
 * real producer, small enough that what passes fits every consumer's tables: an event outside them is quarantined
 * naming the bound, instead of failing deep inside a consumer and being retried into dead letters.
 */
public final class ContractBounds {
    /** Processors, scrapers, phases, teams, inputs, checks. */
    public static final int NAME = 128;
    /** run_id, backfill_id, plan_id, step_id, game_id; the ce-id and correlation_id attributes. */
    public static final int ID = 256;
    /** Free-form statuses and states (status, state, outcome). */
    public static final int CODE = 32;
    /** Human-readable text (message, reason, detail). */
    public static final int TEXT = 8192;
    /** gs:// object paths: a bucket name (222) and an object name (1024 bytes) with room to spare. */
    public static final int GCS_PATH = 1280;
    /** RFC 3339 timestamps. */
    public static final int TIMESTAMP = 64;
    /** ce-source and ce-subject: Pub/Sub's own limit on an attribute value (1024 bytes). */
    public static final int ATTRIBUTE = 1024;

    private ContractBounds() {
    }

    /**
     * Text cut to {@link #TEXT} characters (the last one an ellipsis). Rebound's own events compose their reasons and
     * details from the events they answer (a processor's failure message inside a cause chain, say): cut, the
     * composition always fits the contract and publishing it cannot fail on its length. The full text stays in the
     * event it came from.
     */
    public static String text(String text) {
        return text == null || text.length() <= TEXT ? text : text.substring(0, TEXT - 1) + "…";
    }
}
