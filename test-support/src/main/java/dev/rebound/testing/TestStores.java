package dev.rebound.testing;

import dev.rebound.runtime.store.StateStore;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A state store for plain JUnit tests (no Quarkus boot): a fresh database on the JVM's PostgreSQL server, migrated
 * by the same Flyway migrations a service applies at startup ({@code db/runtime} and the given service's).
 */
public final class TestStores {
    private TestStores() {
    }

    /** A migrated store in {@code schema}; {@code serviceMigrations} is the service's {@code db/<name>} or null. */
    public static StateStore migrated(String schema, String serviceMigrations) {
        DataSource dataSource = dataSource(TestPostgres.freshDatabase(schema), schema);
        var config = Flyway.configure().dataSource(dataSource).schemas(schema);
        config = serviceMigrations == null ? config.locations("classpath:db/runtime")
                : config.locations("classpath:db/runtime", "classpath:db/" + serviceMigrations);
        config.load().migrate();
        return new StateStore(dataSource, schema);
    }

    /** A data source on {@code jdbcUrl} whose connections use {@code schema} as their search path. */
    public static DataSource dataSource(String jdbcUrl, String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setCurrentSchema(schema);
        return ds;
    }
}
