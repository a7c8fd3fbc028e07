package dev.rebound.rosterwatcher;

import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.pipeline.Topology;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The service's own timers (sim time): bridge flush, missing-input check, roster freshness every
 * {@code rosters.check_every}. Cloud Scheduler calls the same work through /tasks as the backstop for an idle
 * instance; either path alone is enough, and running both is harmless because every step is idempotent.
 */
@ApplicationScoped
public class PeriodicChecks {

    void start(@Observes StartupEvent event, SimTimers timers, RosterWatcherConfig config, Topology topology,
            ScraperBridge bridge, RosterFreshnessMonitor freshness) {
        if (!config.timersEnabled()) {
            return;
        }
        timers.every("bridge-flush", config.bridge().flushEvery(), bridge::flushDue);
        timers.every("bridge-input-check", config.bridge().inputCheckEvery(), bridge::checkInputs);
        timers.every("roster-freshness", topology.config().rosters().checkEvery(), freshness::check);
    }
}
