package dev.rebound.rosterwatcher.store;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.warehouse.Row;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code ${state}.roster_verdicts}: the last roster-freshness verdict per check. */
@ApplicationScoped
public class RosterVerdictStore {

    public enum Verdict {
        fresh, stale
    }

    public record StoredVerdict(String check, Verdict verdict, String fingerprint, Instant checkedAt,
            int staleTeams, int missingTeams, String correlationId, String eventId) {
    }

    private final Warehouse warehouse;
    private final String table;

    public RosterVerdictStore(Warehouse warehouse, ReboundConfig config) {
        this.warehouse = warehouse;
        this.table = config.warehouse().stateDataset() + ".roster_verdicts";
    }

    public Optional<StoredVerdict> last(String check) {
        List<Row> rows = warehouse.query(Sql.of("SELECT check_name, verdict, fingerprint, checked_at, stale_teams,"
                + " missing_teams, correlation_id, event_id FROM " + table + " WHERE check_name = @check")
                .bind("check", check));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row r = rows.get(0);
        return Optional.of(new StoredVerdict(r.getString("check_name"), Verdict.valueOf(r.getString("verdict")),
                r.getString("fingerprint"), r.getInstant("checked_at"), r.getInt("stale_teams"),
                r.getInt("missing_teams"), r.getString("correlation_id"), r.getString("event_id")));
    }

    /** Replaces the check's last verdict (one row per check; the events on Pub/Sub are the history). */
    public void save(StoredVerdict v) {
        long updated = warehouse.execute(Sql.of("UPDATE " + table + " SET verdict = @verdict,"
                        + " fingerprint = @fingerprint, checked_at = @checked_at, stale_teams = @stale_teams,"
                        + " missing_teams = @missing_teams, correlation_id = @correlation_id, event_id = @event_id"
                        + " WHERE check_name = @check")
                .bind("verdict", v.verdict().name()).bind("fingerprint", v.fingerprint())
                .bind("checked_at", v.checkedAt()).bind("stale_teams", v.staleTeams())
                .bind("missing_teams", v.missingTeams()).bind("correlation_id", v.correlationId())
                .bind("event_id", v.eventId()).bind("check", v.check()));
        if (updated == 0) {
            warehouse.execute(Sql.of("INSERT INTO " + table + " (check_name, verdict, fingerprint, checked_at,"
                            + " stale_teams, missing_teams, correlation_id, event_id) VALUES (@check, @verdict,"
                            + " @fingerprint, @checked_at, @stale_teams, @missing_teams, @correlation_id, @event_id)")
                    .bind("check", v.check()).bind("verdict", v.verdict().name()).bind("fingerprint", v.fingerprint())
                    .bind("checked_at", v.checkedAt()).bind("stale_teams", v.staleTeams())
                    .bind("missing_teams", v.missingTeams()).bind("correlation_id", v.correlationId())
                    .bind("event_id", v.eventId()));
        }
    }
}
