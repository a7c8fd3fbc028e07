package dev.rebound.backfillorchestrator.replay;

import dev.rebound.backfillorchestrator.config.BackfillConfig;
import dev.rebound.events.EventAttributes;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.runtime.pubsub.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Re-publishes archived messages of a time window to their original topics with their original bytes and
 * attributes (ce-id kept, {@code rebound_replay=true} added), so every consumer's ce-id idempotency turns a replay
 * of events it already processed into no new work.
 */
@ApplicationScoped
public class ArchiveReplayer {
    private static final Logger LOG = Logger.getLogger(ArchiveReplayer.class);

    private final EventArchive archive;
    private final EventPublisher publisher;
    private final BackfillConfig config;

    public ArchiveReplayer(EventArchive archive, EventPublisher publisher, BackfillConfig config) {
        this.archive = archive;
        this.publisher = publisher;
        this.config = config;
    }

    /** What a republish found in the window and sent (nothing when {@code dryRun}). */
    public record Result(int archived, int matched, int republished, boolean dryRun, Map<String, Integer> byType) {
    }

    public Result republish(ReplayFilter filter, boolean dryRun) {
        int limit = config.replay().maxMessages();
        List<EventArchive.Archived> messages = archive.window(filter.from(), filter.to());
        Set<String> seen = new HashSet<>();
        Map<String, Integer> byType = new TreeMap<>();
        int matched = 0;
        int republished = 0;
        for (EventArchive.Archived message : messages) {
            Map<String, String> attributes = message.attributes();
            if (!filter.accepts(attributes)) {
                continue;
            }
            String identity = attributes.getOrDefault(EventAttributes.ID, "msg:" + message.messageId());
            if (!seen.add(identity)) {
                continue;
            }
            matched++;
            if (matched > limit) {
                throw new IllegalArgumentException("the window holds more than " + limit
                        + " matching messages (rebound.backfill.replay.max-messages); narrow it");
            }
            byType.merge(attributes.getOrDefault(EventAttributes.TYPE, "(no ce-type)"), 1, Integer::sum);
            if (dryRun) {
                continue;
            }
            Map<String, String> replayed = new LinkedHashMap<>(attributes);
            replayed.put(EventAttributes.REPLAY, "true");
            publisher.publishRaw(message.topic(), new EncodedMessage(message.data(), replayed));
            republished++;
        }
        LOG.infof("Replay %s..%s: %d archived, %d matched, %d republished%s", filter.from(), filter.to(),
                messages.size(), matched, republished, dryRun ? " (dry run)" : "");
        return new Result(messages.size(), matched, republished, dryRun, byType);
    }
}
