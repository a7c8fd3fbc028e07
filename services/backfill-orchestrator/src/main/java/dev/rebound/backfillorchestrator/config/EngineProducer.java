package dev.rebound.backfillorchestrator.config;

import dev.rebound.backfillorchestrator.EngineSettings;
import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.backfillorchestrator.RepairEvents;
import dev.rebound.backfillorchestrator.store.PostgresRepairStateStore;
import dev.rebound.backfillorchestrator.store.WarehouseTipoffSchedule;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreMigrations;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Builds the engine over the state store and the pipeline warehouse, and starts its timers once the schema is
 * current. There is nothing to restore: every decision reads the state it needs from the store.
 */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    RepairEngine engine(Topology topology, ScenarioClock clock, StateStore store, RepairEvents events,
            PipelineWarehouse warehouse, BackfillConfig config) {
        // invalid timings stop the service at startup, naming the key (the start-up observer below needs the engine)
        EngineSettings settings = new EngineSettings(config.stallAfter(), config.coverageWait(), config.planTtl(),
                config.sweepLookbackDays(), config.idlePlanTtl(), config.startHold());
        // a replay's clock stands before its start until the anchor: the hold counts from the start at the earliest
        return new RepairEngine(topology, clock, new PostgresRepairStateStore(store), events,
                new WarehouseTipoffSchedule(warehouse, topology.config().schedule(), Clock.systemUTC()), settings,
                clock.instantFromStart());
    }

    /** Every instance ticks and sweeps; their decisions take turns on the decision lock. */
    void start(@Observes StartupEvent event, RepairEngine engine, SimTimers timers, StoreMigrations migrations,
            BackfillConfig config, Topology topology) {
        migrations.whenMigrated(() -> {
            timers.every("backfill-advance", config.tickEvery(), engine::advance);
            if (config.sweepTimer()) {
                timers.every("backfill-sweep", topology.config().repair().sweepEvery(), engine::sweep);
            }
        });
    }
}
