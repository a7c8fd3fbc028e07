package dev.rebound.heartbeattracker.store;

import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * The heartbeat canaries delivered back ({@code heartbeat_canary}, one row for all instances). Recording one is
 * idempotent by construction: both times only move forward, so a redelivered or overtaken canary changes nothing.
 * The one exception is a stored send time ahead of the receiver's clock (a scenario clock restarted over an old
 * store), which the next canary back replaces.
 */
@ApplicationScoped
public class CanaryStore {
    private final StateStore store;

    public CanaryStore(StateStore store) {
        this.store = store;
    }

    /**
     * What the canaries back say: the send time of the newest one, and until when the late ones among them hold
     * verdicts back (null if none came back late).
     */
    public record Delivered(Instant through, Instant holdVerdictsUntil) {
    }

    /**
     * A canary sent at {@code sentAt} arrived at {@code receivedAt}; {@code holdVerdictsUntil} is non-null when it
     * came back late, and only ever extends the stored hold.
     */
    public void delivered(Instant sentAt, Instant receivedAt, Instant holdVerdictsUntil) {
        String newer = "(heartbeat_canary.delivered_through < EXCLUDED.delivered_through"
                + " OR heartbeat_canary.delivered_through > EXCLUDED.received_at)";
        store.execute(Sql.of("INSERT INTO heartbeat_canary (id, delivered_through, received_at, hold_verdicts_until)"
                        + " VALUES (1, @sent, @received, @hold) ON CONFLICT (id) DO UPDATE SET"
                        + " delivered_through = CASE WHEN " + newer + " THEN EXCLUDED.delivered_through"
                        + " ELSE heartbeat_canary.delivered_through END,"
                        + " received_at = CASE WHEN " + newer + " THEN EXCLUDED.received_at"
                        + " ELSE heartbeat_canary.received_at END,"
                        + " hold_verdicts_until = GREATEST(heartbeat_canary.hold_verdicts_until,"
                        + " EXCLUDED.hold_verdicts_until)")
                .bind("sent", sentAt).bind("received", receivedAt).bind("hold", holdVerdictsUntil));
    }

    /** Extends the hold on verdicts to {@code until} (only ever later); nothing before the first canary is back. */
    public void holdVerdicts(Instant until) {
        store.execute(Sql.of("UPDATE heartbeat_canary SET hold_verdicts_until = GREATEST(hold_verdicts_until, @until)"
                + " WHERE id = 1").bind("until", until));
    }

    /** What has come back so far, if any canary has. */
    public Optional<Delivered> delivered() {
        return store.query(Sql.of("SELECT delivered_through, hold_verdicts_until FROM heartbeat_canary"
                        + " WHERE id = 1")).stream().findFirst()
                .map((Row r) -> new Delivered(r.getInstant("delivered_through"), r.getInstant("hold_verdicts_until")));
    }
}
