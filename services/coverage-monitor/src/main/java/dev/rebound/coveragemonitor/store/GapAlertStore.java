package dev.rebound.coveragemonitor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.coveragemonitor.GapAlert;
import dev.rebound.coveragemonitor.GapState;
import dev.rebound.events.Cause;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.warehouse.Row;
import dev.rebound.runtime.warehouse.Sql;
import dev.rebound.runtime.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The announced state of every (game date, game, phase) gap. */
@ApplicationScoped
public class GapAlertStore {
    private static final TypeReference<List<Cause>> CAUSES = new TypeReference<>() {
    };
    private final Warehouse warehouse;
    private final StateTables tables;

    public GapAlertStore(Warehouse warehouse, StateTables tables) {
        this.warehouse = warehouse;
        this.tables = tables;
    }

    public List<GapAlert> forDate(LocalDate date) {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.gapAlerts() + " WHERE game_date = @d"
                + " ORDER BY tipoff_at, game_id, phase").bind("d", date))
                .stream().map(GapAlertStore::toAlert).toList();
    }

    /** Open and escalated alerts, soonest tip-off first. */
    public List<GapAlert> active() {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.gapAlerts() + " WHERE state = @o OR state = @e"
                        + " ORDER BY tipoff_at, game_id, phase")
                .bind("o", GapState.OPEN.name()).bind("e", GapState.ESCALATED.name()))
                .stream().map(GapAlertStore::toAlert).toList();
    }

    public List<GapAlert> inState(GapState state) {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.gapAlerts() + " WHERE state = @s"
                        + " ORDER BY game_date DESC, tipoff_at, game_id, phase").bind("s", state.name()))
                .stream().map(GapAlertStore::toAlert).toList();
    }

    public List<GapAlert> all() {
        return warehouse.query(Sql.of("SELECT * FROM " + tables.gapAlerts()
                        + " ORDER BY game_date DESC, tipoff_at, game_id, phase"))
                .stream().map(GapAlertStore::toAlert).toList();
    }

    public void save(GapAlert a) {
        long updated = warehouse.execute(bindAll(Sql.of("UPDATE " + tables.gapAlerts() + " SET state = @state,"
                + " severity = @severity, seq = @seq, players = @players, min_players = @min,"
                + " expected_players = @expected, tipoff_at = @tipoff, home_team = @home, away_team = @away,"
                + " raised_at = @raised, escalated_at = @escalated, closed_at = @closed, updated_at = @updated,"
                + " causes = @causes, correlation_id = @corr"
                + " WHERE game_date = @date AND game_id = @game AND phase = @phase"), a));
        if (updated == 0) {
            warehouse.execute(bindAll(Sql.of("INSERT INTO " + tables.gapAlerts() + " (game_date, game_id, phase,"
                    + " state, severity, seq, players, min_players, expected_players, tipoff_at, home_team,"
                    + " away_team, raised_at, escalated_at, closed_at, updated_at, causes, correlation_id)"
                    + " VALUES (@date, @game, @phase, @state, @severity, @seq, @players, @min, @expected, @tipoff,"
                    + " @home, @away, @raised, @escalated, @closed, @updated, @causes, @corr)"), a));
        }
    }

    private static Sql bindAll(Sql sql, GapAlert a) {
        String causes;
        try {
            causes = Json.mapper().writeValueAsString(a.causes());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return sql.bind("date", a.gameDate()).bind("game", a.gameId()).bind("phase", a.phase())
                .bind("state", a.state().name()).bind("severity", a.severity().name().toLowerCase(Locale.ROOT))
                .bind("seq", a.seq()).bind("players", a.players()).bind("min", a.minPlayers())
                .bind("expected", a.expectedPlayers()).bind("tipoff", a.tipoffAt()).bind("home", a.homeTeam())
                .bind("away", a.awayTeam()).bind("raised", a.raisedAt()).bind("escalated", a.escalatedAt())
                .bind("closed", a.closedAt()).bind("updated", a.updatedAt()).bind("causes", causes)
                .bind("corr", a.correlationId());
    }

    private static GapAlert toAlert(Row r) {
        List<Cause> causes;
        try {
            String json = r.getString("causes");
            causes = json == null ? List.of() : Json.mapper().readValue(json, CAUSES);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new GapAlert(r.getLocalDate("game_date"), r.getString("game_id"), r.getString("phase"),
                GapState.valueOf(r.getString("state")),
                Severity.valueOf(r.getString("severity").toUpperCase(Locale.ROOT)), r.getInt("seq"),
                r.getInt("players"), r.getInt("min_players"), r.getInt("expected_players"),
                r.getInstant("tipoff_at"), r.getString("home_team"), r.getString("away_team"),
                r.getInstant("raised_at"), r.getInstant("escalated_at"), r.getInstant("closed_at"),
                r.getInstant("updated_at"), causes, r.getString("correlation_id"));
    }
}
