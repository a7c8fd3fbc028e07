package dev.rebound.coveragemonitor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.rebound.coveragemonitor.GapAlert;
import dev.rebound.coveragemonitor.GapState;
import dev.rebound.events.Cause;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.Json;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The announced state of every (game date, game, phase) gap. Changes are guarded writes whose affected-row count
 * says whether this caller's decision stands: {@link #insert} only if no alert exists yet, {@link #replace} only if
 * the alert is still in the state and raise number it was decided from. The caller adds the announcement to the
 * outbox in the same transaction only when the write counted.
 */
@ApplicationScoped
public class GapAlertStore {
    private static final TypeReference<List<Cause>> CAUSES = new TypeReference<>() {
    };
    private static final String COLUMNS = "game_date, game_id, phase, state, severity, seq, players, min_players,"
            + " expected_players, tipoff_at, home_team, away_team, raised_at, escalated_at, closed_at, updated_at,"
            + " causes, correlation_id";

    private final StateStore store;

    public GapAlertStore(StateStore store) {
        this.store = store;
    }

    /**
     * Makes the caller's transaction the only evaluation of {@code date} until it commits (the date's row in
     * {@code coverage_evaluations} stays locked): another instance evaluating the same date waits, then reads the
     * alert state this one committed. Must be called inside a transaction.
     */
    public void lockForEvaluation(LocalDate date, Instant now) {
        if (!store.inTransaction()) {
            throw new IllegalStateException("An evaluation's lock only holds inside its transaction");
        }
        store.execute(Sql.of("INSERT INTO coverage_evaluations (game_date, evaluated_at) VALUES (@d, @at)"
                        + " ON CONFLICT (game_date) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at")
                .bind("d", date).bind("at", now));
    }

    public List<GapAlert> forDate(LocalDate date) {
        return select(Sql.of("SELECT * FROM coverage_gap_alerts WHERE game_date = @d"
                + " ORDER BY tipoff_at, game_id, phase").bind("d", date));
    }

    /** Open and escalated alerts, soonest tip-off first. */
    public List<GapAlert> active() {
        return select(Sql.of("SELECT * FROM coverage_gap_alerts WHERE state IN (@o, @e)"
                        + " ORDER BY tipoff_at, game_id, phase")
                .bind("o", GapState.OPEN.name()).bind("e", GapState.ESCALATED.name()));
    }

    public List<GapAlert> inState(GapState state) {
        return select(Sql.of("SELECT * FROM coverage_gap_alerts WHERE state = @s"
                + " ORDER BY game_date DESC, tipoff_at, game_id, phase").bind("s", state.name()));
    }

    public List<GapAlert> all() {
        return select(Sql.of("SELECT * FROM coverage_gap_alerts ORDER BY game_date DESC, tipoff_at, game_id, phase"));
    }

    /** The first alert of a (game date, game, phase); false when one exists already (another decision won). */
    public boolean insert(GapAlert a) {
        return store.execute(bind(Sql.of("INSERT INTO coverage_gap_alerts (" + COLUMNS + ") VALUES (@date, @game,"
                + " @phase, @state, @severity, @seq, @players, @min, @expected, @tipoff, @home, @away, @raised,"
                + " @escalated, @closed, @updated, @causes, @corr) ON CONFLICT DO NOTHING"), a)) == 1;
    }

    /**
     * Writes {@code next} over the alert {@code decidedFrom} was read as; false when the stored alert has moved
     * since (another evaluation decided first), in which case nothing is written.
     */
    public boolean replace(GapAlert decidedFrom, GapAlert next) {
        return store.execute(bind(Sql.of("UPDATE coverage_gap_alerts SET state = @state, severity = @severity,"
                        + " seq = @seq, players = @players, min_players = @min, expected_players = @expected,"
                        + " tipoff_at = @tipoff, home_team = @home, away_team = @away, raised_at = @raised,"
                        + " escalated_at = @escalated, closed_at = @closed, updated_at = @updated, causes = @causes,"
                        + " correlation_id = @corr WHERE game_date = @date AND game_id = @game AND phase = @phase"
                        + " AND state = @was_state AND seq = @was_seq"), next)
                .bind("was_state", decidedFrom.state().name()).bind("was_seq", decidedFrom.seq())) == 1;
    }

    private List<GapAlert> select(Sql sql) {
        return store.query(sql).stream().map(GapAlertStore::toAlert).toList();
    }

    private static Sql bind(Sql sql, GapAlert a) {
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
