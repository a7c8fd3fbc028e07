package dev.rebound.runtime.store;

import dev.rebound.runtime.idempotency.ProcessedEventLedger;
import dev.rebound.runtime.outbox.OutboxRelayWorker;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Keeps the runtime's tables bounded: ledger entries past their retention, published outbox rows past theirs. */
@ApplicationScoped
public class StatePruner {
    private static final Logger LOG = Logger.getLogger(StatePruner.class);
    private final ProcessedEventLedger ledger;
    private final OutboxRelayWorker relay;
    private final StoreMigrations migrations;

    public StatePruner(ProcessedEventLedger ledger, OutboxRelayWorker relay, StoreMigrations migrations) {
        this.ledger = ledger;
        this.relay = relay;
        this.migrations = migrations;
    }

    @Scheduled(every = "${rebound.idempotency.prune-every:1h}", delayed = "1m")
    void prune() {
        if (!migrations.migrated()) {
            return;
        }
        long ledgerRows = ledger.prune();
        long outboxRows = relay.prune();
        if (ledgerRows + outboxRows > 0) {
            LOG.infof("Pruned %d ledger entries and %d published outbox events past retention", ledgerRows,
                    outboxRows);
        }
    }
}
