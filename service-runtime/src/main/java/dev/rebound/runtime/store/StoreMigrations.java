package dev.rebound.runtime.store;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Brings the service's schema to the latest migration at startup (Flyway, under its lock, so instances starting
 * together apply each migration once): the runtime's own tables ({@code db/runtime}: ledger, outbox) and the
 * service's ({@code db/<service>}), versioned on one timeline. When the server cannot be reached the service still
 * starts, reports not ready, answers pushes 503 and tries again with backoff, logging once a minute; a migration
 * the server refuses stops the service, naming it.
 */
@ApplicationScoped
public class StoreMigrations {
    private static final Logger LOG = Logger.getLogger(StoreMigrations.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Instance<Flyway> flyway;
    private final OutageLog outageLog;
    private final List<Runnable> onMigrated = new ArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rebound-store-migrations");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean migrated;

    public StoreMigrations(Instance<Flyway> flyway, OutageLog outageLog) {
        this.flyway = flyway;
        this.outageLog = outageLog;
    }

    void start(@Observes @Priority(1) StartupEvent event) {
        if (!attempt()) {
            retries.schedule(() -> retry(FIRST_RETRY), FIRST_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** True once the schema is current: before that, nothing may read or write the store. */
    public boolean migrated() {
        return migrated;
    }

    /** Runs {@code action} once the schema is current (at once if it already is). */
    public synchronized void whenMigrated(Runnable action) {
        if (migrated) {
            action.run();
        } else {
            onMigrated.add(action);
        }
    }

    private void retry(Duration delay) {
        boolean done;
        try {
            done = attempt();
        } catch (IllegalStateException refused) {
            // the server answers now but refuses a migration: stop, as at startup, rather than stay unready forever
            LOG.error(refused.getMessage(), refused);
            Quarkus.asyncExit(1);
            return;
        }
        if (!done) {
            Duration next = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
            retries.schedule(() -> retry(next), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean attempt() {
        try {
            var result = flyway.get().migrate();
            List<Runnable> actions;
            synchronized (this) {
                migrated = true;
                actions = List.copyOf(onMigrated);
                onMigrated.clear();
            }
            outageLog.recovered("state store");
            LOG.infof("State store schema %s at version %s (%d migrations applied now)",
                    String.join(",", flyway.get().getConfiguration().getSchemas()),
                    result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion,
                    result.migrationsExecuted);
            actions.forEach(Runnable::run);
            return true;
        } catch (RuntimeException e) {
            if (!StoreException.isTransient(e)) {
                throw new IllegalStateException("State store migration failed: " + e.getMessage(), e);
            }
            outageLog.unavailable("state store", e);
            return false;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        retries.shutdownNow();
    }
}
