package dev.rebound.coveragemonitor;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PubSubTestClient;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What the topics' archive subscriptions do, for a test without the launcher: every message the probes saw on every
 * catalog topic (the service's own publications and the test's) becomes one row of the local event archive, the
 * shape BigQuery subscriptions write. Idempotent, like the subscription: a row per message id.
 */
final class ArchiveWriter {
    private ArchiveWriter() {
    }

    static int archiveEverything(PubSubTestClient pubsub, StateStore store) {
        TopicCatalog catalog = TopicCatalog.load();
        int written = 0;
        for (TopicCatalog.Topic topic : catalog.topics()) {
            String subscription = "projects/" + pubsub.projectId() + "/subscriptions/" + topic.name()
                    + catalog.archive().subscriptionSuffix();
            for (ReceivedMessage m : pubsub.received(topic.name())) {
                var message = m.getMessage();
                written += (int) store.execute(Sql.of("INSERT INTO rebound_events.events (subscription_name,"
                                + " message_id, publish_time, attributes, data) VALUES (@s, @m, @t, @a, @d)"
                                + " ON CONFLICT DO NOTHING")
                        .bind("s", subscription).bind("m", message.getMessageId())
                        .bind("t", Instant.ofEpochSecond(message.getPublishTime().getSeconds(),
                                message.getPublishTime().getNanos()))
                        .bind("a", json(message.getAttributesMap())).bind("d", message.getData().toByteArray()));
            }
        }
        return written;
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
