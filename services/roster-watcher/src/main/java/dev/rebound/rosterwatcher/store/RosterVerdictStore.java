package dev.rebound.rosterwatcher.store;

import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** {@code roster_verdicts}: the last roster-freshness verdict per check. */
@ApplicationScoped
public class RosterVerdictStore {

    public enum Verdict {
        fresh, stale
    }

    public record StoredVerdict(String check, Verdict verdict, String fingerprint, Instant checkedAt,
            int staleTeams, int missingTeams, String correlationId, String eventId) {
    }

    private static final String COLUMNS = "check_name, verdict, fingerprint, checked_at, stale_teams, missing_teams,"
            + " correlation_id, event_id";

    private final StateStore store;

    public RosterVerdictStore(StateStore store) {
        this.store = store;
    }

    public Optional<StoredVerdict> last(String check) {
        return find(check, "");
    }

    /**
     * The check's last verdict, its row locked until the current transaction ends: another check of the same name
     * waits here until this one has decided and committed.
     */
    public Optional<StoredVerdict> lastForUpdate(String check) {
        return find(check, " FOR UPDATE");
    }

    private Optional<StoredVerdict> find(String check, String lock) {
        return store.query(Sql.of("SELECT " + COLUMNS + " FROM roster_verdicts WHERE check_name = @check" + lock)
                        .bind("check", check))
                .stream().findFirst().map(RosterVerdictStore::toVerdict);
    }

    /**
     * Replaces the check's last verdict (one row per check; the events on Pub/Sub are the history). With no
     * previous verdict, false when another check inserted the first one meanwhile: that check decided, this one
     * must not. With a previous verdict read by {@link #lastForUpdate}, the row is this transaction's to write.
     */
    public boolean save(Optional<StoredVerdict> previous, StoredVerdict v) {
        Sql sql = previous.isEmpty()
                ? Sql.of("INSERT INTO roster_verdicts (" + COLUMNS + ") VALUES (@check, @verdict, @fingerprint,"
                        + " @checked_at, @stale_teams, @missing_teams, @correlation_id, @event_id)"
                        + " ON CONFLICT (check_name) DO NOTHING")
                : Sql.of("UPDATE roster_verdicts SET verdict = @verdict, fingerprint = @fingerprint,"
                        + " checked_at = @checked_at, stale_teams = @stale_teams, missing_teams = @missing_teams,"
                        + " correlation_id = @correlation_id, event_id = @event_id WHERE check_name = @check");
        return store.execute(sql.bind("check", v.check()).bind("verdict", v.verdict().name())
                .bind("fingerprint", v.fingerprint()).bind("checked_at", v.checkedAt())
                .bind("stale_teams", v.staleTeams()).bind("missing_teams", v.missingTeams())
                .bind("correlation_id", v.correlationId()).bind("event_id", v.eventId())) == 1;
    }

    private static StoredVerdict toVerdict(Row r) {
        return new StoredVerdict(r.getString("check_name"), Verdict.valueOf(r.getString("verdict")),
                r.getString("fingerprint"), r.getInstant("checked_at"), r.getInt("stale_teams"),
                r.getInt("missing_teams"), r.getString("correlation_id"), r.getString("event_id"));
    }
}
