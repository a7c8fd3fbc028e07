package dev.rebound.runtime.warehouse;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pipeline.Topology;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Creates the services' tables in the embedded database at startup from every {@code rebound/schema.sql} on the
 * classpath (the runtime's ledger and each service's own). Every script creates the schemas it uses and every
 * statement is idempotent ({@code IF NOT EXISTS}), so order does not matter and several processes may start at
 * once. The pipeline's {@code local_tables} script then creates the embedded stand-ins for the pipeline's own
 * tables. In BigQuery, Terraform (services) and the pipeline itself own the tables.
 */
@ApplicationScoped
public class SchemaInitializer {
    private static final Logger LOG = Logger.getLogger(SchemaInitializer.class);
    public static final String RESOURCE = "rebound/schema.sql";

    void init(@Observes @Priority(1) StartupEvent event, Warehouse warehouse, ReboundConfig config,
            Topology topology) {
        if (!(warehouse instanceof JdbcWarehouse jdbc) || !config.warehouse().initSchema()) {
            return;
        }
        for (String script : scripts(RESOURCE)) {
            jdbc.executeScript(script.replace("${state}", config.warehouse().stateDataset()));
        }
        String localTables = topology.config().localTables();
        if (localTables != null) {
            String resource = localTables.replaceFirst("^classpath:", "");
            List<String> found = scripts(resource);
            if (found.isEmpty()) {
                throw new IllegalStateException("local_tables " + localTables + " not found on the classpath");
            }
            found.forEach(jdbc::executeScript);
        }
        LOG.debug("Warehouse schema ready");
    }

    private static List<String> scripts(String resource) {
        try {
            Enumeration<URL> urls = SchemaInitializer.class.getClassLoader().getResources(resource);
            List<String> scripts = new ArrayList<>();
            for (URL url : Collections.list(urls)) {
                try (InputStream in = url.openStream()) {
                    scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return scripts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
