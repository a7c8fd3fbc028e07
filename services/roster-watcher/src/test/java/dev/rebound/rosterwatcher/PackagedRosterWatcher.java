package dev.rebound.rosterwatcher;

import dev.rebound.events.catalog.TopicCatalog;
import dev.rebound.testing.PubSubEmulator;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.TestPostgres;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged service as its process tests run it: a fresh database, a project of its own on the shared emulator
 * with the catalog's topology pushing to the service's port, and a scenario clock on the incident day at 6x from
 * 14:00 (every process started with the same settings shares it).
 */
final class PackagedRosterWatcher {
    private PackagedRosterWatcher() {
    }

    static Map<String, String> properties(String database, String project, PubSubEmulator emulator,
            Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", TestPostgres.freshDatabase(database),
                "rebound.pubsub.project-id", project, "rebound.pubsub.emulator-host", emulator.hostPort(),
                "rebound.clock.mode", "scenario", "rebound.clock.start", "2026-01-23T14:00:00Z",
                "rebound.clock.anchor", Instant.now().toString(), "rebound.clock.speed", "6"));
        properties.putAll(more);
        return properties;
    }

    /** Topics and subscriptions as in production; roster-watcher's subscriptions push to {@code port}. */
    static void provision(PubSubTestClient pubsub, int port) {
        TopicCatalog catalog = TopicCatalog.load();
        pubsub.provisionTopicsWithProbes(catalog);
        pubsub.admin().provision(catalog, consumer -> consumer.equals("roster-watcher")
                ? "http://127.0.0.1:" + port : null);
    }
}
