package dev.rebound.launcher;

import dev.rebound.events.EventAttributes;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.scenario.Scenario;
import dev.rebound.runtime.pubsub.EmulatorRestPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays a faulty producer: publishes a scenario's {@code poison} messages to their real topics when the sim clock
 * reaches them. Each carries the attribute {@value #MARKER} (its kind), which no service reads: it lets the verdict
 * leave these messages out of the events it judges and the timeline name them.
 */
public final class PoisonMessages {
    public static final String MARKER = "rebound_poison";
    static final String SOURCE = "//rebound/launcher/poison";

    private final List<Scenario.Poison> pending;
    private final String emulatorHost;
    private final List<String> sent = new ArrayList<>();

    public PoisonMessages(Scenario scenario, String emulatorHost) {
        this.pending = new ArrayList<>(scenario.poison());
        this.pending.sort(java.util.Comparator.comparing(Scenario.Poison::at));
        this.emulatorHost = emulatorHost;
    }

    /** Publishes every message due at this sim time; returns one line per message sent. */
    public List<String> sendDue(Instant simNow) {
        List<String> lines = new ArrayList<>();
        while (!pending.isEmpty() && !pending.get(0).at().isAfter(simNow)) {
            Scenario.Poison p = pending.get(0);
            EncodedMessage message = message(p, simNow);
            String id = EmulatorRestPublisher.publish(emulatorHost, MeshLayout.PROJECT_ID, p.topic(), message,
                    Duration.ofSeconds(10));
            pending.remove(0);
            String line = p.kind() + " → " + p.topic() + " (message " + id + ")";
            sent.add(line);
            lines.add(line);
        }
        return lines;
    }

    public List<String> sent() {
        return List.copyOf(sent);
    }

    /** Not sent because the replay ended first (a poison scheduled at the very end). */
    public int unsent() {
        return pending.size();
    }

    /** The malformed message: CloudEvents attributes of the topic's type, broken the way the kind says. */
    static EncodedMessage message(Scenario.Poison p, Instant simNow) {
        String ceType = p.ceType() != null ? p.ceType() : TopicCatalog.load().topics().stream()
                .filter(t -> t.name().equals(p.topic())).findFirst().orElseThrow().eventTypes().get(0);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(EventAttributes.SPEC_VERSION, EventAttributes.SPEC_VERSION_VALUE);
        attributes.put(EventAttributes.ID, "poison-" + UUID.randomUUID());
        attributes.put(EventAttributes.SOURCE, SOURCE);
        attributes.put(EventAttributes.TYPE, ceType);
        attributes.put(EventAttributes.TIME, simNow.toString());
        attributes.put(EventAttributes.CONTENT_TYPE, EventAttributes.JSON);
        attributes.put(MARKER, p.kind().name());
        String data = switch (p.kind()) {
            case not_json -> "this is not JSON: {processor = a-processor, records_written = 12";
            case wrong_schema -> "{\"poison\": \"an object without any of the fields the schema requires\"}";
            case missing_attribute -> {
                attributes.remove(p.attribute());
                yield "{}";
            }
        };
        return new EncodedMessage(data.getBytes(StandardCharsets.UTF_8), attributes);
    }
}
