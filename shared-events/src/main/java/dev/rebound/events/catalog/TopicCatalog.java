package dev.rebound.events.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The single source of truth for topics and subscriptions ({@code rebound/topic-catalog.json}). The launcher
 * creates from it, the Terraform check compares against it, docs/events.md is checked against it.
 */
public record TopicCatalog(int version, String description, String pushPath, Archive archive, DeadLetter deadLetter,
        Replayer replayer, List<Topic> topics) {

    public static final String RESOURCE = "rebound/topic-catalog.json";

    public record Archive(String description, String subscriptionSuffix) {
    }

    /** Each topic's dead-letter topic and the pull subscription holding what is dead-lettered, by name suffix. */
    public record DeadLetter(String description, String topicSuffix, String holdSubscriptionSuffix) {
    }

    /** The service that re-publishes to every topic and reads every dead-letter hold subscription for operators. */
    public record Replayer(String description, String service) {
    }

    public record Topic(String name, String description, List<String> eventTypes, List<String> publishers,
            List<Subscription> subscriptions) {
    }

    public enum Delivery {
        push, pull
    }

    public record Subscription(String name, String consumer, Delivery delivery, int ackDeadlineS) {
    }

    /** A subscription together with the topic it reads. */
    public record Binding(Topic topic, Subscription subscription) {
    }

    public static TopicCatalog load() {
        ObjectMapper mapper = Json.mapper();
        try (InputStream in = TopicCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + RESOURCE + " on the classpath");
            }
            return mapper.readValue(in, TopicCatalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Topic topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No topic '" + name + "' in the topic catalog"));
    }

    /** Every subscription of the catalog with its topic (the archive subscriptions are not listed here). */
    public List<Binding> bindings() {
        return topics.stream().flatMap(t -> t.subscriptions().stream().map(s -> new Binding(t, s))).toList();
    }

    /** The push subscriptions a service consumes through. */
    public List<Binding> pushBindingsOf(String consumer) {
        return bindings().stream()
                .filter(b -> b.subscription().delivery() == Delivery.push && b.subscription().consumer().equals(consumer))
                .toList();
    }

    public Optional<Binding> subscription(String name) {
        return bindings().stream().filter(b -> b.subscription().name().equals(name)).findFirst();
    }

    public String archiveSubscriptionName(String topic) {
        return topic + archive.subscriptionSuffix();
    }

    public String deadLetterTopicName(String topic) {
        return topic + deadLetter.topicSuffix();
    }

    public String deadLetterHoldSubscriptionName(String topic) {
        return topic + deadLetter.holdSubscriptionSuffix();
    }

    /** The catalog topic a dead-letter topic belongs to. */
    public Optional<Topic> topicOfDeadLetter(String deadLetterTopic) {
        return topics.stream().filter(t -> deadLetterTopicName(t.name()).equals(deadLetterTopic)).findFirst();
    }
}
