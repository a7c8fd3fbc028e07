package dev.rebound.infracheck;

import static dev.rebound.infracheck.CatalogConformanceTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {

    @TempDir
    Path tmp;

    @Test
    void everyPushSubscriptionDeadLettersToAHeldTopicOfItsOwn() {
        assertThat(Infra.invariants(Infra.real()).deadLetters()).isEmpty();
    }

    @Test
    void aDeadLetterTopicThatIsTheTopicItselfIsFound() {
        Path topics = Infra.copyOfInfra(tmp).resolve("envs/prod/topics.tf");
        Infra.edit(topics, "dead_letter = { topic = \"coverage-reports--dead-letter\"",
                "dead_letter = { topic = \"coverage-reports\"");

        assertThat(messages(Infra.invariants(Infra.parse(topics.getParent().getParent().getParent())).deadLetters()))
                .containsExactly("dead-letter topic of coverage-reports is the topic itself");
    }

    @Test
    void pushSubscriptionsWithoutDeadLetterTopicAreFound() {
        Path topics = Infra.copyOfInfra(tmp).resolve("envs/prod/topics.tf");
        Infra.removeLine(topics, "dead_letter = { topic = \"backfill-events--dead-letter\"");

        assertThat(messages(Infra.invariants(Infra.parse(topics.getParent().getParent().getParent())).deadLetters()))
                .containsExactly("push subscriptions of backfill-events have no dead-letter topic");
    }

    @Test
    void aDeadLetterTopicNobodySubscribesToIsFound() {
        Path infra = Infra.copyOfInfra(tmp);
        Infra.edit(infra.resolve("modules/pubsub-topic/main.tf"),
                "name                       = var.dead_letter.hold_subscription\n  topic                      = "
                        + "google_pubsub_topic.dead_letter[0].id",
                "name                       = var.dead_letter.hold_subscription\n  topic                      = "
                        + "google_pubsub_topic.this.id");

        assertThat(messages(Infra.invariants(Infra.parse(infra)).deadLetters()))
                .containsExactly("no subscription holds the dead-letter topic");
    }
}
