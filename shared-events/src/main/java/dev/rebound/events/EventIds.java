package dev.rebound.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * ce-ids derived from what a decision is about, not drawn at random: whichever instance makes a decision, and however
 * often it is re-made, its event carries the same ce-id, so the outbox refuses a second copy and consumers drop any
 * re-publish.
 */
public final class EventIds {
    private EventIds() {
    }

    /**
     * A name-based UUID of {@code kind} and {@code parts}, NUL-separated (names, dates and paths hold no NUL, so two
     * different part lists never make the same name).
     */
    public static String of(String kind, Object... parts) {
        StringBuilder name = new StringBuilder(kind);
        for (Object part : parts) {
            name.append('\u0000').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
