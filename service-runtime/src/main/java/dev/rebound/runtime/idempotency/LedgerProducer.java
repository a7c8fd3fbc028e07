package dev.rebound.runtime.idempotency;

import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

@ApplicationScoped
public class LedgerProducer {

    @Produces
    @ApplicationScoped
    ProcessedEventLedger ledger(Warehouse warehouse, ScenarioClock clock, ReboundConfig config) {
        return new ProcessedEventLedger(warehouse, clock, config.warehouse().stateDataset(),
                config.idempotency().retention(), config.idempotency().cacheSize());
    }
}
