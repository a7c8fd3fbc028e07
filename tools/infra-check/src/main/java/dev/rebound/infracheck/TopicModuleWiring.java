package dev.rebound.infracheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.infracheck.TerraformModule.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pubsub-topic module must do with its inputs: push to the subscriber's service URL with an OIDC token of
 * the subscription's service account (audience = the URL), retry with exponential backoff, dead-letter to a topic
 * of its own that a subscription holds, and grant the Pub/Sub service agent what dead-lettering needs.
 */
final class TopicModuleWiring {

    private static final String CHECK = "module-wiring";
    private static final String SUBSCRIPTION = "google_pubsub_subscription";
    private static final String SERVICE_URL = "var.service_urls[each.value.service]";

    private TopicModuleWiring() {
    }

    static List<Problem> push(TerraformModule module) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Block> push = pushSubscriptions(module);
        if (push.isEmpty()) {
            problems.add(new Problem(CHECK, module.dir(), "declares no push subscription resource"));
        }
        push.forEach((name, block) -> {
            String where = block.file() + " " + SUBSCRIPTION + "." + name;
            JsonNode config = Hcl.nestedBlock(block.body(), "push_config").orElseThrow();
            if (!Hcl.mentions(config.get("push_endpoint"), SERVICE_URL)) {
                problems.add(new Problem(CHECK, where, "push_endpoint must be the subscriber's service URL ("
                        + SERVICE_URL + ")"));
            }
            Optional<JsonNode> oidc = Hcl.nestedBlock(config, "oidc_token");
            if (oidc.isEmpty()) {
                problems.add(new Problem(CHECK, where, "push_config has no oidc_token"));
            } else {
                JsonNode email = oidc.get().get("service_account_email");
                Optional<JsonNode> forEach = Hcl.dynamicForEach(config, "oidc_token");
                boolean fromInput = forEach.isPresent()
                        ? Hcl.mentions(forEach.get(), "each.value.oidc_service_account_email")
                                && Hcl.mentions(email, "oidc_token.value")
                        : Hcl.mentions(email, "each.value.oidc_service_account_email");
                if (!fromInput) {
                    problems.add(new Problem(CHECK, where,
                            "oidc_token must carry the subscription's oidc_service_account_email"));
                }
                if (!Hcl.mentions(oidc.get().get("audience"), SERVICE_URL)) {
                    problems.add(new Problem(CHECK, where, "oidc_token audience must be the service URL"));
                }
            }
            if (!Hcl.mentions(block.body().get("ack_deadline_seconds"), "each.value.ack_deadline_seconds")) {
                problems.add(new Problem(CHECK, where, "ack_deadline_seconds must come from the subscription"));
            }
            Optional<JsonNode> retry = Hcl.nestedBlock(block.body(), "retry_policy");
            if (retry.isEmpty() || !retry.get().has("minimum_backoff") || !retry.get().has("maximum_backoff")) {
                problems.add(new Problem(CHECK, where, "needs a retry_policy with minimum and maximum backoff"));
            }
        });
        return problems;
    }

    static List<Problem> deadLetters(TerraformModule module) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Block> push = pushSubscriptions(module);
        push.forEach((name, block) -> {
            String where = block.file() + " " + SUBSCRIPTION + "." + name;
            if (!Hcl.mentions(block.body().get("topic"), "google_pubsub_topic.this")) {
                problems.add(new Problem("dead-letter", where, "must subscribe to the module's topic"));
            }
            Optional<JsonNode> policy = Hcl.nestedBlock(block.body(), "dead_letter_policy");
            if (policy.isEmpty()) {
                problems.add(new Problem("dead-letter", where, "has no dead_letter_policy"));
                return;
            }
            if (!Hcl.mentions(policy.get().get("dead_letter_topic"), "google_pubsub_topic.dead_letter")) {
                problems.add(new Problem("dead-letter", where, "dead_letter_topic must be the module's dead-letter topic"));
            }
        });
        if (module.resource("google_pubsub_topic", "dead_letter").isEmpty()) {
            problems.add(new Problem("dead-letter", module.dir(), "declares no google_pubsub_topic.dead_letter"));
        }
        boolean held = module.resources(SUBSCRIPTION).values().stream()
                .anyMatch(b -> Hcl.mentions(b.body().get("topic"), "google_pubsub_topic.dead_letter"));
        if (!held) {
            problems.add(new Problem("dead-letter", module.dir(), "no subscription holds the dead-letter topic"));
        }
        boolean publisher = module.resources("google_pubsub_topic_iam_member").values().stream()
                .anyMatch(b -> Hcl.mentions(b.body().get("topic"), "google_pubsub_topic.dead_letter")
                        && Hcl.literalString(b.body().get("role")).filter("roles/pubsub.publisher"::equals).isPresent()
                        && Hcl.mentions(b.body().get("member"), "var.pubsub_service_agent_email"));
        if (!publisher) {
            problems.add(new Problem("dead-letter", module.dir(),
                    "the Pub/Sub service agent is not granted roles/pubsub.publisher on the dead-letter topic"));
        }
        boolean subscriber = module.resources("google_pubsub_subscription_iam_member").values().stream()
                .anyMatch(b -> Hcl.literalString(b.body().get("role")).filter("roles/pubsub.subscriber"::equals).isPresent()
                        && Hcl.mentions(b.body().get("member"), "var.pubsub_service_agent_email"));
        if (!subscriber) {
            problems.add(new Problem("dead-letter", module.dir(),
                    "the Pub/Sub service agent is not granted roles/pubsub.subscriber on the source subscriptions"));
        }
        return problems;
    }

    private static Map<String, Block> pushSubscriptions(TerraformModule module) {
        Map<String, Block> push = new java.util.LinkedHashMap<>();
        module.resources(SUBSCRIPTION).forEach((name, block) -> {
            if (Hcl.nestedBlock(block.body(), "push_config").isPresent()) {
                push.put(name, block);
            }
        });
        return push;
    }
}
