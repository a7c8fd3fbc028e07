package dev.rebound.runtime.idempotency;

import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

@ApplicationScoped
public class LedgerProducer {

    @Produces
    @ApplicationScoped
    ProcessedEventLedger ledger(StateStore store, ScenarioClock clock, ReboundConfig config) {
        return new ProcessedEventLedger(store, clock, config.idempotency().retention(),
                config.idempotency().cacheSize());
    }
}
