package dev.rebound.testing;

import dev.rebound.events.catalog.TopicCatalog;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a {@code @QuarkusTest} the real Pub/Sub emulator: a fresh project per test class (so classes cannot see
 * each other's messages), every catalog topic with a probe subscription, and the service's own push
 * subscriptions from the catalog pointed at the test's HTTP port. Use with {@link RequiresPubSubEmulator}.
 * Init arg {@code service} names the consumer whose push subscriptions to create; {@code push-all-topics=true}
 * instead subscribes that service to every catalog topic (the runtime's own tests); {@code delivery=pull} creates
 * the service's catalog subscriptions as pull subscriptions and switches the service to pull delivery.
 */
public class PubSubEmulatorResource implements QuarkusTestResourceLifecycleManager {
    private static volatile PubSubTestClient current;
    private String service;
    private boolean pushAllTopics;
    private boolean pull;

    /** The client of the running test class's emulator project. */
    public static PubSubTestClient client() {
        if (current == null) {
            throw new IllegalStateException("PubSubEmulatorResource has not started");
        }
        return current;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get("service");
        pushAllTopics = Boolean.parseBoolean(initArgs.getOrDefault("push-all-topics", "false"));
        pull = "pull".equals(initArgs.get("delivery"));
    }

    @Override
    public Map<String, String> start() {
        PubSubEmulator emulator = PubSubEmulator.shared()
                .orElseThrow(() -> new IllegalStateException(PubSubEmulator.unavailableReason()));
        String project = "test-" + UUID.randomUUID().toString().substring(0, 8);
        int port = PubSubEmulator.freePort();
        TopicCatalog catalog = TopicCatalog.load();
        PubSubTestClient client = new PubSubTestClient(emulator.hostPort(), project);
        client.provisionTopicsWithProbes(catalog);
        String base = "http://127.0.0.1:" + port;
        if (pull) {
            client.createPullSubscriptionsOf(catalog, service);
        } else {
            client.admin().provision(catalog, consumer -> consumer.equals(service) ? base : null);
        }
        if (pushAllTopics) {
            for (TopicCatalog.Topic topic : catalog.topics()) {
                if (topic.name().equals(dev.rebound.events.Topics.QUARANTINE)) {
                    continue;
                }
                client.admin().createSubscription(service + "--" + topic.name(), topic.name(),
                        base + catalog.pushPath(), 20);
            }
        }
        current = client;
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", Integer.toString(port));
        config.put("rebound.pubsub.emulator-host", emulator.hostPort());
        config.put("rebound.pubsub.project-id", project);
        if (service != null) {
            config.put("rebound.service.name", service);
        }
        if (pull) {
            config.put("rebound.push.delivery", "pull");
        }
        return config;
    }

    @Override
    public void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
