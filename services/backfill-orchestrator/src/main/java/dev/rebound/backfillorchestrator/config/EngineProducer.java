package dev.rebound.backfillorchestrator.config;

import dev.rebound.backfillorchestrator.EngineSettings;
import dev.rebound.backfillorchestrator.RepairEngine;
import dev.rebound.backfillorchestrator.RepairEvents;
import dev.rebound.backfillorchestrator.store.WarehouseRepairStateStore;
import dev.rebound.backfillorchestrator.store.WarehouseTipoffSchedule;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.warehouse.Warehouse;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the engine over the warehouse, restores its state at startup and starts its timers. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    WarehouseRepairStateStore stateStore(Warehouse warehouse, ReboundConfig config) {
        return new WarehouseRepairStateStore(warehouse, config.warehouse().stateDataset());
    }

    @Produces
    @Singleton
    RepairEngine engine(Topology topology, ScenarioClock clock, WarehouseRepairStateStore store, RepairEvents events,
            Warehouse warehouse, BackfillConfig config) {
        EngineSettings settings = new EngineSettings(config.stallAfter(), config.coverageWait(), config.planTtl(),
                config.sweepLookbackDays());
        return new RepairEngine(topology, clock, store, events,
                new WarehouseTipoffSchedule(warehouse, topology.config().schedule(), Clock.systemUTC()), settings);
    }

    /** After the schema exists (priority 1 in the runtime): resume open plans, then tick and sweep. */
    void start(@Observes @Priority(10) StartupEvent event, RepairEngine engine, SimTimers timers,
            BackfillConfig config, Topology topology) {
        engine.restore();
        timers.every("backfill-advance", config.tickEvery(), engine::advance);
        if (config.sweepTimer()) {
            timers.every("backfill-sweep", topology.config().repair().sweepEvery(), engine::sweep);
        }
    }
}
