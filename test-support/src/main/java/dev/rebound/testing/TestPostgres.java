package dev.rebound.testing;

import dev.rebound.localpostgres.EmbeddedServer;
import dev.rebound.localpostgres.PostgresServer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of this test JVM: one real server (or the one {@code REBOUND_POSTGRES_URL} names), started on
 * first use and stopped at exit, with a fresh database for whoever asks, so test classes share the server's start-up
 * cost but never each other's rows.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;

    private TestPostgres() {
    }

    public static synchronized PostgresServer server() {
        if (server == null) {
            PostgresServer s = PostgresServer.fromEnvironment().orElseGet(EmbeddedServer::startTemporary);
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "test-postgres-stop"));
            server = s;
        }
        return server;
    }

    /** A new, empty database on the shared server; returns its JDBC URL. */
    public static String freshDatabase(String purpose) {
        String label = purpose.toLowerCase().replaceAll("[^a-z0-9]+", "_");
        String name = "t_" + label.substring(0, Math.min(label.length(), 30)) + "_" + ProcessHandle.current().pid()
                + "_" + DATABASES.incrementAndGet();
        server().recreateDatabase(name);
        return server().jdbcUrl(name);
    }
}
