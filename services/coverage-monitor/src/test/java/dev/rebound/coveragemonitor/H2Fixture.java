package dev.rebound.coveragemonitor;

import dev.rebound.runtime.warehouse.JdbcWarehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** A private in-memory H2 warehouse with this service's tables and the pipeline's stand-in tables, no Quarkus. */
final class H2Fixture {
    static final String STATE = "rebound_state";

    private H2Fixture() {
    }

    static JdbcWarehouse warehouse(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return withSchema(new JdbcWarehouse(ds));
    }

    static JdbcWarehouse withSchema(JdbcWarehouse warehouse) {
        // every module's rebound/schema.sql (the runtime's ledger and this service's tables), as at startup
        scripts("rebound/schema.sql").forEach(s -> warehouse.executeScript(s.replace("${state}", STATE)));
        scripts("rebound/pipelines/nba-player-props-tables.sql").forEach(warehouse::executeScript);
        return warehouse;
    }

    private static List<String> scripts(String path) {
        try {
            List<String> out = new ArrayList<>();
            for (URL url : Collections.list(H2Fixture.class.getClassLoader().getResources(path))) {
                try (InputStream in = url.openStream()) {
                    out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalStateException(path + " not on the classpath");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
