package dev.rebound.events.codec;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A Pub/Sub message ready to publish: UTF-8 JSON data and string attributes. */
public record EncodedMessage(byte[] data, Map<String, String> attributes) {
    public EncodedMessage {
        attributes = Map.copyOf(attributes);
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
