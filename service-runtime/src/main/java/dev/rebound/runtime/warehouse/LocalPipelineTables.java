package dev.rebound.runtime.warehouse;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreMigrations;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Locally, the pipeline warehouse is the PostgreSQL server that holds the state: this creates its stand-ins for
 * the pipeline's BigQuery tables (the pipeline's {@code local_tables} script) and the event archive, once the store
 * answers. Every process of the mesh may start at the same moment, so the scripts run under one advisory lock. In
 * production ({@code rebound.warehouse.kind=bigquery}) the pipeline and Terraform own those tables and this does
 * nothing.
 */
@ApplicationScoped
public class LocalPipelineTables {
    private static final Logger LOG = Logger.getLogger(LocalPipelineTables.class);
    public static final String ARCHIVE_SCRIPT = "rebound/local-archive.sql";
    /** Any fixed number: the advisory lock every local process takes around these scripts. */
    private static final long LOCK = 0x5245424f554e44L;

    void create(@Observes @Priority(2) StartupEvent event, ReboundConfig config, Topology topology, StateStore store,
            StoreMigrations migrations) {
        if (config.warehouse().kind() != ReboundConfig.WarehouseKind.jdbc || !config.warehouse().localTables()) {
            return;
        }
        migrations.whenMigrated(() -> create(store, topology.config().localTables()));
    }

    /** Creates the archive and, if the pipeline names one, its local tables script ({@code classpath:...}). */
    public static void create(StateStore store, String localTables) {
        store.inTransaction(() -> {
            store.query(Sql.of("SELECT pg_advisory_xact_lock(@lock) AS locked").bind("lock", LOCK));
            store.executeScript(resource(ARCHIVE_SCRIPT));
            if (localTables != null) {
                store.executeScript(resource(localTables.replaceFirst("^classpath:", "")));
            }
        });
        LOG.debug("Local pipeline tables ready");
    }

    private static String resource(String name) {
        try (InputStream in = LocalPipelineTables.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " not found on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
