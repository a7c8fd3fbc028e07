package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.events.catalog.TopicCatalog;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {
    private static final Set<String> SERVICES =
            Set.of("heartbeat-tracker", "roster-watcher", "coverage-monitor", "backfill-orchestrator");
    private final TopicCatalog catalog = TopicCatalog.load();

    @Test
    void topicConstantsAndCatalogNameTheSameTopics() throws IllegalAccessException {
        Set<String> constants = new HashSet<>();
        for (Field f : Topics.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                constants.add((String) f.get(null));
            }
        }
        assertThat(catalog.topics()).extracting(TopicCatalog.Topic::name).containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    void everyEventTypeIsListedOnItsTopic() {
        for (EventType type : EventType.values()) {
            assertThat(catalog.topic(type.topic()).eventTypes()).as(type.ceType()).contains(type.ceType());
        }
        assertThat(catalog.topic(Topics.QUARANTINE).eventTypes()).containsExactly(EventType.QUARANTINED_CE_TYPE);
    }

    @Test
    void subscriptionNamesAreUniqueAndValidForPubSub() {
        List<String> names = catalog.bindings().stream().map(b -> b.subscription().name()).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).allSatisfy(n -> assertThat(n).matches("[a-z][a-z0-9-]{2,254}"));
        assertThat(catalog.topics()).allSatisfy(t -> assertThat(t.name()).matches("[a-z][a-z0-9-]{2,254}"));
    }

    @Test
    void pushSubscriptionsBelongToTheFourServicesWithSaneAckDeadlines() {
        catalog.bindings().stream()
                .filter(b -> b.subscription().delivery() == TopicCatalog.Delivery.push)
                .forEach(b -> {
                    assertThat(SERVICES).contains(b.subscription().consumer());
                    assertThat(b.subscription().ackDeadlineS()).isBetween(10, 600);
                    assertThat(b.subscription().name()).isEqualTo(b.subscription().consumer() + "--" + b.topic().name());
                });
    }

    @Test
    void everyServiceConsumesSomething() {
        for (String service : SERVICES) {
            assertThat(catalog.pushBindingsOf(service)).as(service).isNotEmpty();
        }
        assertThat(catalog.pushBindingsOf("heartbeat-tracker")).extracting(b -> b.topic().name())
                .containsExactlyInAnyOrder(Topics.PROCESSOR_HEARTBEATS, Topics.PROCESSOR_COMPLETIONS,
                        Topics.PROCESSOR_FAILURES);
    }

    @Test
    void publishersAreKnownServicesOrExternalProducers() {
        Set<String> known = new HashSet<>(SERVICES);
        known.addAll(Arrays.asList("processors", "scrapers", "cloud-storage"));
        catalog.topics().forEach(t -> assertThat(known).containsAll(t.publishers()));
    }

    @Test
    void deadLetterNamesAreDerivedFromTheTopicAndNeverClashWithCatalogNames() {
        Set<String> names = new HashSet<>();
        catalog.topics().forEach(t -> names.add(t.name()));
        catalog.bindings().forEach(b -> names.add(b.subscription().name()));
        for (TopicCatalog.Topic topic : catalog.topics()) {
            String deadLetter = catalog.deadLetterTopicName(topic.name());
            assertThat(deadLetter).isEqualTo(topic.name() + "--dead-letter");
            assertThat(catalog.deadLetterHoldSubscriptionName(topic.name())).isEqualTo(deadLetter + "--hold");
            assertThat(names).doesNotContain(deadLetter, catalog.deadLetterHoldSubscriptionName(topic.name()));
            assertThat(catalog.topicOfDeadLetter(deadLetter)).contains(topic);
        }
        assertThat(catalog.topicOfDeadLetter(Topics.PIPELINE_ALERTS)).isEmpty();
    }

    @Test
    void theReplayerIsOneOfTheServices() {
        assertThat(SERVICES).contains(catalog.replayer().service());
    }
}
