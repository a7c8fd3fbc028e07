package dev.rebound.launcher;

import dev.rebound.events.EventType;
import dev.rebound.launcher.ExpectationChecks.Result;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.scenario.Expectation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code deadline_warnings}: the deadline forecast's at-risk announcements on pipeline-alerts, as the archive holds
 * them (one per ce-id, by their ce-time), counted against [min, max]; and, when asked, whether each game date's first
 * warning came before that date's first coverage gap ({@code before_first_gap}) and at least
 * {@code lead_before_tipoff} before the earliest tip-off — from the schedule table, not the event's own claim — of
 * the games it named. A warning is only worth having while something can still be done about it.
 */
final class DeadlineWarningsCheck {
    private DeadlineWarningsCheck() {
    }

    /** Every game's tip-off, by game id, from the pipeline's schedule table. */
    static Map<String, Instant> tipoffs(Connection db, Topology topology) throws SQLException {
        PipelineConfig.ScheduleTable s = topology.config().schedule();
        Map<String, Instant> tipoffs = new HashMap<>();
        try (PreparedStatement st = db.prepareStatement("SELECT " + s.gameColumn() + ", " + s.tipoffColumn()
                + " FROM " + s.table()); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                tipoffs.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        return tipoffs;
    }

    /** {@code events}: the archive, one event per ce-id, in time order. */
    static Result check(Expectation e, List<ArchivedEvent> events, Map<String, Instant> tipoffs) {
        String date = e.gameDate() == null ? null : e.gameDate().toString();
        List<ArchivedEvent> warnings = events.stream()
                .filter(ev -> EventType.DEADLINE_AT_RISK.ceType().equals(ev.ceType()))
                .filter(ev -> date == null || date.equals(ev.field("game_date")))
                .filter(ev -> e.before() == null || ev.time().isBefore(e.before())).toList();
        Map<String, ArchivedEvent> firstByDate = new LinkedHashMap<>();
        warnings.forEach(w -> firstByDate.putIfAbsent(w.field("game_date"), w));
        List<String> found = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (Map.Entry<String, ArchivedEvent> first : firstByDate.entrySet()) {
            ArchivedEvent warning = first.getValue();
            StringBuilder line = new StringBuilder(first.getKey() + " first at " + Timeline.simTime(warning.time())
                    + " (" + warning.field("cause") + " " + warning.data().path("critical_run").path("processor")
                    .asText() + ", " + warning.field("severity") + ")");
            if (Boolean.TRUE.equals(e.beforeFirstGap())) {
                Optional<ArchivedEvent> gap = events.stream()
                        .filter(ev -> EventType.COVERAGE_GAP.ceType().equals(ev.ceType()))
                        .filter(ev -> first.getKey().equals(ev.field("game_date"))).findFirst();
                if (gap.isPresent() && !warning.time().isBefore(gap.get().time())) {
                    misses.add(first.getKey() + ": first warning at " + Timeline.simTime(warning.time())
                            + ", not before the first coverage gap at " + Timeline.simTime(gap.get().time()));
                }
                line.append(gap.map(g -> ", before the first gap at " + Timeline.simTime(g.time()))
                        .orElse(", no coverage gap"));
            }
            if (e.leadBeforeTipoff() != null) {
                lead(e.leadBeforeTipoff(), first.getKey(), warning, tipoffs, line, misses);
            }
            found.add(line.toString());
        }
        String summary = warnings.size() + " at-risk warning(s)" + (date == null ? "" : " for " + date)
                + (e.expected().isEmpty() ? "" : " (expected " + e.expected() + ")")
                + (found.isEmpty() ? "" : ": " + String.join("; ", found));
        return new Result(e, e.accepts(warnings.size()) && misses.isEmpty(), misses.isEmpty() ? summary
                : String.join("; ", misses) + " — " + summary);
    }

    private static void lead(Duration wanted, String date, ArchivedEvent warning, Map<String, Instant> tipoffs,
            StringBuilder line, List<String> misses) {
        Instant earliest = null;
        List<String> unscheduled = new ArrayList<>();
        for (var game : warning.data().path("games")) {
            Instant tipoff = tipoffs.get(game.path("game_id").asText());
            if (tipoff == null) {
                unscheduled.add(game.path("game_id").asText());
            } else if (earliest == null || tipoff.isBefore(earliest)) {
                earliest = tipoff;
            }
        }
        if (earliest == null) {
            misses.add(date + ": the warning names no game of the schedule " + unscheduled);
            return;
        }
        Duration lead = Duration.between(warning.time(), earliest);
        line.append(", ").append(minutes(lead)).append(" before the tip-off at ").append(Timeline.simTime(earliest));
        if (lead.compareTo(wanted) < 0) {
            misses.add(date + ": first warning at " + Timeline.simTime(warning.time()) + ", only " + minutes(lead)
                    + " before the tip-off at " + Timeline.simTime(earliest) + " (wanted " + minutes(wanted) + ")");
        }
    }

    private static String minutes(Duration d) {
        return d.toMinutes() + " min";
    }
}
