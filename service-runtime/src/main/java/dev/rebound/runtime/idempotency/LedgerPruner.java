package dev.rebound.runtime.idempotency;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps the idempotency ledger bounded. */
@ApplicationScoped
public class LedgerPruner {
    private static final Logger LOG = Logger.getLogger(LedgerPruner.class);
    private final ProcessedEventLedger ledger;

    public LedgerPruner(ProcessedEventLedger ledger) {
        this.ledger = ledger;
    }

    @Scheduled(every = "${rebound.idempotency.prune-every:1h}", delayed = "1m")
    void prune() {
        long removed = ledger.prune();
        if (removed > 0) {
            LOG.infof("Pruned %d processed-event records past retention", removed);
        }
    }
}
