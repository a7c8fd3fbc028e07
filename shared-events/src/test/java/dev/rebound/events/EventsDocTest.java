package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.catalog.TopicCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/events.md is the contract for processor authors: it must name every topic, subscription and type. */
class EventsDocTest {
    private static String doc() throws IOException {
        return Files.readString(Path.of("..", "docs", "events.md"));
    }

    @Test
    void everyTopicSubscriptionAndTypeOfTheCatalogIsDocumented() throws IOException {
        String doc = doc();
        TopicCatalog catalog = TopicCatalog.load();
        for (TopicCatalog.Topic topic : catalog.topics()) {
            assertThat(doc).as("topic " + topic.name()).contains("`" + topic.name() + "`");
            topic.eventTypes().forEach(t -> assertThat(doc).as("type " + t).contains("`" + t + "`"));
            topic.subscriptions().forEach(s -> assertThat(doc).as("subscription " + s.name())
                    .contains("`" + s.name() + "`"));
        }
    }

    @Test
    void everyEventTypeHasItsOwnSection() throws IOException {
        String doc = doc();
        for (EventType type : EventType.values()) {
            assertThat(doc).as(type.ceType()).contains("### `" + type.ceType() + "`");
        }
    }

    @Test
    void everyCloudEventsAttributeIsDocumented() throws IOException {
        String doc = doc();
        for (String attribute : new String[] {EventAttributes.SPEC_VERSION, EventAttributes.ID, EventAttributes.SOURCE,
                EventAttributes.TYPE, EventAttributes.TIME, EventAttributes.CONTENT_TYPE, EventAttributes.PROCESSOR,
                EventAttributes.DATA_DATE, EventAttributes.CORRELATION_ID, EventAttributes.REPLAY}) {
            assertThat(doc).as(attribute).contains("`" + attribute + "`");
        }
    }
}
