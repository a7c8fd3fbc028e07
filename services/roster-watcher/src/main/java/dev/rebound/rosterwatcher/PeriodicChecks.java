package dev.rebound.rosterwatcher;

import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.store.StoreMigrations;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The service's own timers (sim time): bridge flush, missing-input check, roster freshness every
 * {@code rosters.check_every}. Cloud Scheduler calls the same work through /tasks as the backstop for an idle
 * instance; either path alone is enough, and running both (on any number of instances) is harmless because every
 * decision is made once in the state store. The timers start once the state store's schema is current (at once
 * when the store answers at startup), so an instance started during a database outage does not run them against
 * missing tables.
 */
@ApplicationScoped
public class PeriodicChecks {

    void start(@Observes StartupEvent event, SimTimers timers, RosterWatcherConfig config, Topology topology,
            StoreMigrations migrations, ScraperBridge bridge, MissingInputCheck missingInputs,
            RosterFreshnessMonitor freshness) {
        if (!config.timersEnabled()) {
            return;
        }
        migrations.whenMigrated(() -> {
            timers.every("bridge-flush", config.bridge().flushEvery(), bridge::flushDue);
            timers.every("bridge-input-check", config.bridge().inputCheckEvery(), missingInputs::check);
            timers.every("roster-freshness", topology.config().rosters().checkEvery(), freshness::check);
        });
    }
}
