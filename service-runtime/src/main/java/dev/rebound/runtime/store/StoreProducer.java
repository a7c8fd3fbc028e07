package dev.rebound.runtime.store;

import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/** The service's state store over the default datasource, in the schema {@code rebound.store.schema} names. */
@ApplicationScoped
public class StoreProducer {
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @Produces
    @Singleton
    StateStore store(AgroalDataSource dataSource, ReboundConfig config, ScenarioClock clock) {
        String schema = config.store().schema();
        if (!SCHEMA.matcher(schema).matches()) {
            throw new ConfigurationException("rebound.store.schema must be a plain lower-case PostgreSQL name"
                    + " ([a-z_][a-z0-9_]*), was '" + schema + "'");
        }
        return new StateStore(dataSource, schema, clock);
    }
}
