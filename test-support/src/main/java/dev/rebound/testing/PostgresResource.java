package dev.rebound.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL state store: a fresh database on the JVM's shared server
 * ({@link TestPostgres}). The service migrates its schema into it at startup, exactly as in production.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static volatile String currentUrl;

    /** The JDBC URL of the running test class's database. */
    public static String jdbcUrl() {
        if (currentUrl == null) {
            throw new IllegalStateException("PostgresResource has not started");
        }
        return currentUrl;
    }

    @Override
    public Map<String, String> start() {
        currentUrl = TestPostgres.freshDatabase("quarkus");
        return Map.of("quarkus.datasource.jdbc.url", currentUrl);
    }

    @Override
    public void stop() {
        currentUrl = null;
    }
}
