package dev.rebound.rosterwatcher.store;

import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code roster_bridge_verdict_hold}: until when missing-input verdicts wait because notifications arrived late (one
 * row for all instances). The hold only ever moves forward, so recording it again is harmless.
 */
@ApplicationScoped
public class VerdictHoldStore {
    private final StateStore store;

    public VerdictHoldStore(StateStore store) {
        this.store = store;
    }

    /** The stored hold and how late the notification that set it was. */
    public record Hold(Instant until, Duration lateness) {
    }

    /** Extends the hold to {@code until} (never shortens it); {@code lateness}: how late the notification was. */
    public void extend(Instant until, Duration lateness, Instant at) {
        store.execute(Sql.of("INSERT INTO roster_bridge_verdict_hold (id, hold_until, lateness_ms, updated_at)"
                        + " VALUES (1, @until, @lateness, @at) ON CONFLICT (id) DO UPDATE SET"
                        + " lateness_ms = CASE WHEN EXCLUDED.hold_until > roster_bridge_verdict_hold.hold_until"
                        + " THEN EXCLUDED.lateness_ms ELSE roster_bridge_verdict_hold.lateness_ms END,"
                        + " updated_at = CASE WHEN EXCLUDED.hold_until > roster_bridge_verdict_hold.hold_until"
                        + " THEN EXCLUDED.updated_at ELSE roster_bridge_verdict_hold.updated_at END,"
                        + " hold_until = GREATEST(roster_bridge_verdict_hold.hold_until, EXCLUDED.hold_until)")
                .bind("until", until).bind("lateness", lateness.toMillis()).bind("at", at));
    }

    public Optional<Hold> current() {
        return store.query(Sql.of("SELECT hold_until, lateness_ms FROM roster_bridge_verdict_hold WHERE id = 1"))
                .stream().findFirst()
                .map((Row r) -> new Hold(r.getInstant("hold_until"), Duration.ofMillis(r.getLong("lateness_ms"))));
    }
}
