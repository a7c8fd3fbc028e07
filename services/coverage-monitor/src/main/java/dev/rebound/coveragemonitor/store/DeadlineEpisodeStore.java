package dev.rebound.coveragemonitor.store;

import dev.rebound.coveragemonitor.forecast.DeadlineEpisode;
import dev.rebound.events.Severity;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The deadline episode of each game date (one row per date). {@link #lock} is the first statement of an
 * evaluation's transaction: it holds the date's row until the evaluation commits, so evaluations of one date on any
 * number of instances take turns and each decides from what the previous one committed.
 */
@ApplicationScoped
public class DeadlineEpisodeStore {
    /** Cause keys hold no line breaks: one per line. */
    private static final String CAUSE_SEPARATOR = "\n";

    private final StateStore store;

    public DeadlineEpisodeStore(StateStore store) {
        this.store = store;
    }

    /** The date's episode, its row locked until the caller's transaction ends; a quiet one if never evaluated. */
    public DeadlineEpisode lock(LocalDate gameDate, Instant now) {
        DeadlineEpisode none = DeadlineEpisode.none(gameDate);
        store.execute(Sql.of("INSERT INTO coverage_deadline_episodes (game_date, seq, status, announced_causes,"
                        + " evaluated_at) VALUES (@d, 0, @s, '', @at) ON CONFLICT (game_date) DO NOTHING")
                .bind("d", gameDate).bind("s", none.status().name()).bind("at", now));
        return store.query(Sql.of("SELECT * FROM coverage_deadline_episodes WHERE game_date = @d FOR UPDATE")
                .bind("d", gameDate)).stream().map(DeadlineEpisodeStore::toEpisode).findFirst().orElseThrow();
    }

    /** Writes the episode decided under {@link #lock}. */
    public void save(DeadlineEpisode e, Instant evaluatedAt) {
        store.execute(Sql.of("UPDATE coverage_deadline_episodes SET seq = @seq, status = @status,"
                        + " severity = @severity, announced_causes = @causes, at_risk_since = @atRisk,"
                        + " critical_since = @critical, cause = @cause, cause_since = @causeSince,"
                        + " safe_since = @safe, evaluated_at = @at WHERE game_date = @d")
                .bind("d", e.gameDate()).bind("seq", e.seq()).bind("status", e.status().name())
                .bind("severity", e.severity() == null ? null : e.severity().name())
                .bind("causes", String.join(CAUSE_SEPARATOR, e.announcedCauses()))
                .bind("atRisk", e.atRiskSince()).bind("critical", e.criticalSince()).bind("cause", e.cause())
                .bind("causeSince", e.causeSince()).bind("safe", e.safeSince()).bind("at", evaluatedAt));
    }

    /** The dates with an at-risk episode open: evaluated until they recover or their games start. */
    public List<LocalDate> openDates() {
        return store.query(Sql.of("SELECT game_date FROM coverage_deadline_episodes WHERE status = @s"
                        + " ORDER BY game_date").bind("s", DeadlineEpisode.EpisodeStatus.AT_RISK.name()))
                .stream().map(r -> r.getLocalDate("game_date")).toList();
    }

    /** Forgets quiet or closed episodes of dates before {@code before}; returns how many. */
    public long prune(LocalDate before) {
        return store.execute(Sql.of("DELETE FROM coverage_deadline_episodes WHERE game_date < @before"
                        + " AND status <> @open")
                .bind("before", before).bind("open", DeadlineEpisode.EpisodeStatus.AT_RISK.name()));
    }

    private static DeadlineEpisode toEpisode(Row r) {
        String causes = r.getString("announced_causes");
        String severity = r.getString("severity");
        return new DeadlineEpisode(r.getLocalDate("game_date"), r.getInt("seq"),
                DeadlineEpisode.EpisodeStatus.valueOf(r.getString("status")),
                severity == null ? null : Severity.valueOf(severity.toUpperCase(Locale.ROOT)),
                causes == null || causes.isEmpty() ? List.of() : Arrays.asList(causes.split(CAUSE_SEPARATOR)),
                r.getInstant("at_risk_since"), r.getInstant("critical_since"), r.getString("cause"),
                r.getInstant("cause_since"), r.getInstant("safe_since"));
    }
}
