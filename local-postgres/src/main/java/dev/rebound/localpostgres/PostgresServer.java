package dev.rebound.localpostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server the local mesh or a test runs on: one this process started from Maven Central's binaries
 * ({@link EmbeddedServer}), or the one {@code REBOUND_POSTGRES_URL} names ({@link ExternalServer}). Either way
 * Rebound reaches it over TCP with a JDBC URL, exactly as a service reaches Cloud SQL.
 */
public interface PostgresServer extends AutoCloseable {

    /** Environment variable naming a server to use instead of starting one: a {@code jdbc:postgresql://} URL. */
    String URL_VARIABLE = "REBOUND_POSTGRES_URL";

    Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The JDBC URL of one database on this server (user and password included as parameters). */
    String jdbcUrl(String database);

    /** The server's process id, when this process started it; empty for an external server. */
    Optional<Long> pid();

    /** Creates the database if it does not exist. */
    default void createDatabase(String database) {
        execute("postgres", "CREATE DATABASE " + checked(database), true);
    }

    /** Drops the database (and every connection to it) and creates it empty. */
    default void recreateDatabase(String database) {
        String name = checked(database);
        execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", false);
        execute("postgres", "CREATE DATABASE " + name, false);
    }

    @Override
    void close();

    /** The server {@code REBOUND_POSTGRES_URL} names, if set. */
    static Optional<PostgresServer> fromEnvironment() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(new ExternalServer(url.strip()));
    }

    private void execute(String database, String statement, boolean ignoreDuplicate) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database)); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            // 42P04: duplicate_database (a concurrent creator won, or it was there already)
            if (!(ignoreDuplicate && "42P04".equals(e.getSQLState()))) {
                throw new IllegalStateException(statement + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static String checked(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        return database;
    }
}
