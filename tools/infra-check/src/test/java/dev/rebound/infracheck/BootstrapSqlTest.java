package dev.rebound.infracheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rebound.testing.TestPostgres;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/cloudsql-bootstrap.sql on a real PostgreSQL server (the major version Cloud SQL runs), arranged as Cloud SQL
 * arranges it: the database belongs to a cloudsqlsuperuser role, the admin who runs the script is a member of that
 * role and no superuser, each service account's IAM user is a plain login role, and the instance has other IAM users.
 * Then every service runs its real migrations (the runtime's and its own) as itself. Cloud SQL logs these roles in
 * with IAM tokens; here they have a password, the only thing that differs.
 */
class BootstrapSqlTest {

    private static final String PASSWORD = "local-test-only";
    /** Roles are global to the server, which other test classes share: names unique to this JVM. */
    private static final String SUFFIX = "bootstrap" + ProcessHandle.current().pid();
    private static final String PROJECT = "p-" + SUFFIX;
    private static final String OWNER = "cloudsqlsuperuser_" + SUFFIX;
    private static final String ADMIN = "admin_" + SUFFIX;
    private static final String OUTSIDER = "other-iam-user@" + PROJECT + ".iam";
    private static final List<String> SERVICES = List.copyOf(CloudRunManifestsTest.services());

    @BeforeAll
    static void cloudSqlRoles() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.server().jdbcUrl("postgres"));
                Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + OWNER + " NOLOGIN CREATEROLE CREATEDB");
            st.execute("CREATE ROLE " + ADMIN + " LOGIN PASSWORD '" + PASSWORD + "' IN ROLE " + OWNER);
            for (String role : serviceUsersAnd(OUTSIDER)) {
                st.execute("CREATE ROLE " + quoted(role) + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
        }
    }

    @AfterAll
    static void dropRoles() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.server().jdbcUrl("postgres"));
                Statement st = c.createStatement()) {
            for (String database : databases(st)) {
                st.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
            for (String role : serviceUsersAnd(OUTSIDER)) {
                st.execute("DROP ROLE " + quoted(role));
            }
            st.execute("DROP ROLE " + ADMIN);
            st.execute("DROP ROLE " + OWNER);
        }
    }

    @Test
    void withoutTheGrantsAServiceCannotCreateItsSchema() {
        String url = database("before");

        assertThatThrownBy(() -> migrate(url, "heartbeat-tracker")).isInstanceOf(FlywayException.class)
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void afterTheGrantsEachServiceMigratesItsOwnSchemaAndNoOneElseCanReadIt() throws SQLException {
        String url = database("after");
        bootstrap(url);
        bootstrap(url);

        int ownMigrations = 0;
        for (String service : SERVICES) {
            ownMigrations += Files.isDirectory(serviceMigrations(service)) ? 1 : 0;
            assertThat(migrate(url, service)).as(service).isPositive();
            try (Connection c = login(url, user(service)); Statement st = c.createStatement()) {
                assertThat(single(st, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '"
                        + schema(service) + "'")).isEqualTo(quoted(user(service)));
                assertThat(single(st, "SELECT count(*) FROM " + schema(service) + ".outbox")).isEqualTo("0");
            }
        }
        assertThat(ownMigrations).as("services with migrations of their own").isPositive();

        try (Connection c = login(url, user("roster-watcher")); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM heartbeat_tracker.processed_events"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for schema heartbeat_tracker");
        }
        assertThatThrownBy(() -> login(url, OUTSIDER).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
        try (Connection c = login(url, ADMIN); Statement st = c.createStatement()) {
            assertThat(single(st, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
        }
    }

    /** The script as deploy.sh renders it, on this test's database instead of "rebound", run by the admin. */
    private static void bootstrap(String url) throws SQLException {
        String database = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        String script = read(Infra.deployDir().resolve("cloudsql-bootstrap.sql"));
        assertThat(script.split("ON DATABASE rebound ", -1)).hasSize(1 + 1 + SERVICES.size());
        try (Connection c = login(url, ADMIN); Statement st = c.createStatement()) {
            st.execute(script.replace("${PROJECT_ID}", PROJECT).replace("ON DATABASE rebound ", "ON DATABASE " + database + " "));
        }
    }

    /** Flyway as the service's own user, with the locations and schema its runtime configuration gives it. */
    private static int migrate(String url, String service) {
        List<String> locations = new ArrayList<>(List.of("classpath:db/runtime"));
        if (Files.isDirectory(serviceMigrations(service))) {
            locations.add("filesystem:" + serviceMigrations(service));
        }
        return Flyway.configure().dataSource(plain(url), user(service), PASSWORD).schemas(schema(service))
                .locations(locations.toArray(String[]::new)).load().migrate().migrationsExecuted;
    }

    /** A fresh database owned, as on Cloud SQL, by the cloudsqlsuperuser role. */
    private static String database(String purpose) {
        String url = TestPostgres.freshDatabase(SUFFIX + "_" + purpose);
        String name = url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        try (Connection c = DriverManager.getConnection(TestPostgres.server().jdbcUrl("postgres"));
                Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + name + " OWNER TO " + OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    private static List<String> databases(Statement st) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 't\\_" + SUFFIX + "\\_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Connection login(String url, String user) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", PASSWORD);
        return DriverManager.getConnection(plain(url), credentials);
    }

    /** The URL without its parameters (the server's own user and password). */
    private static String plain(String url) {
        return url.replaceFirst("\\?.*", "");
    }

    private static String single(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            assertThat(rs.next()).as(query).isTrue();
            return rs.getString(1);
        }
    }

    /** The IAM database user Cloud SQL makes of rb-SERVICE@PROJECT.iam.gserviceaccount.com. */
    private static String user(String service) {
        return "rb-" + service + "@" + PROJECT + ".iam";
    }

    private static List<String> serviceUsersAnd(String other) {
        List<String> roles = new ArrayList<>(SERVICES.stream().map(BootstrapSqlTest::user).toList());
        roles.add(other);
        return roles;
    }

    private static Path serviceMigrations(String service) {
        return Infra.repositoryRoot().resolve("services").resolve(service).resolve("src/main/resources/db")
                .resolve(service);
    }

    /** rebound.store.schema of the service's application.properties, else its name with underscores. */
    private static String schema(String service) {
        Path file = Infra.repositoryRoot().resolve("services").resolve(service)
                .resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("rebound.store.schema", service.replace('-', '_'));
    }

    private static String quoted(String role) {
        return "\"" + role + "\"";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
