package dev.rebound.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One typed check of a scenario's end state, evaluated by the launcher against the shared database's pipeline
 * tables and the event archive (never against a process's memory), or — for {@code metric} and {@code log_lines} —
 * against what each running service exposes at the end: its Prometheus metrics and its log. Which fields apply
 * depends on {@link #type}.
 */
public record Expectation(Type type, String description, String processor, LocalDate dataDate, Duration allowance,
        String scraper, LocalDate gameDate, List<String> games, Instant before, Boolean rootCauses,
        Integer minPlayers, Integer minPlans, String ceType, List<String> ceTypes, Map<String, String> match,
        Double min, Double max, String severity, String metric, Map<String, String> labels, String service,
        Double value, String pattern, Boolean beforeFirstGap, Duration leadBeforeTipoff) {

    public enum Type {
        /** A stuck alert for the run, detected within the stuck threshold plus {@code allowance} of its last beat. */
        stuck_detected,
        /** A bridged scraper completion (source gcs-notification), then every team's roster fresh for the date. */
        rosters_refreshed_via_bridge,
        /** A coverage gap alert for each listed game before {@code before}, with root causes when asked. */
        coverage_gap_alerted,
        /** Every repair plan's steps were triggered in dependency order; at least {@code min_plans} plans. */
        repair_in_dependency_order,
        /** Every game of the date has at least {@code min_players} predicted players written before {@code before}. */
        predictions_cover_games,
        /** At least one event of {@code ce_type} whose data matches {@code match}, before {@code before}. */
        alert_raised,
        /** No event of any of {@code ce_types} (default: every alert type on pipeline-alerts). */
        no_alert,
        /** The number of events of {@code ce_type} matching {@code match} lies within [min, max]. */
        event_count,
        /**
         * The sum of the Prometheus series named {@code metric} whose labels include {@code labels}, scraped from
         * {@code service} (default: summed over the four services) before the mesh stops, is {@code value} or lies
         * within [min, max]. A series never written counts 0.
         */
        metric,
        /** The number of lines of {@code service}'s log matching the regular expression {@code pattern}. */
        log_lines,
        /**
         * The first event of {@code ce_type} matching {@code match} carries a W3C {@code traceparent}, and for each
         * of {@code ce_types} another event of that type, no earlier, carries the same trace id: one chain, one trace.
         */
        same_trace,
        /**
         * No run Rebound started (its started event names a backfill) started while another run of the same
         * processor and data date was in progress (from its start to its completion or failure, or the end of the
         * replay), unless that one had been declared stuck first. Overlaps Rebound did not start are reported, not
         * judged. {@code processor} narrows it to one processor.
         */
        no_duplicate_runs,
        /**
         * The pages the on-call person received: incident openings and escalations ({@code
         * pipeline.incident.opened.v1}, {@code pipeline.incident.escalated.v1}) at {@code severity} (default
         * critical) or above, before {@code before}; their number is {@code value} or lies within [min, max].
         */
        pages,
        /**
         * The deadline forecast's warnings ({@code pipeline.deadline.at_risk.v1}) for {@code game_date} (default every
         * date), before {@code before}: their number is {@code value} or lies within [min, max]; with
         * {@code before_first_gap}, each date's first warning came before its first coverage gap; with
         * {@code lead_before_tipoff}, at least that long before the earliest tip-off (from the schedule) of the games
         * it named.
         */
        deadline_warnings
    }

    /** Whether a number meets {@code value} (exactly) and [min, max]. */
    public boolean accepts(double n) {
        return (value == null || n == value) && (min == null || n >= min) && (max == null || n <= max);
    }

    /** What {@link #accepts} asks for, e.g. "= 1" or "≥ 2, ≤ 5". */
    public String expected() {
        List<String> parts = new java.util.ArrayList<>();
        if (value != null) {
            parts.add("= " + number(value));
        }
        if (min != null) {
            parts.add("≥ " + number(min));
        }
        if (max != null) {
            parts.add("≤ " + number(max));
        }
        return String.join(", ", parts);
    }

    public static String number(double n) {
        return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString((long) n) : Double.toString(n);
    }

    public String label() {
        if (description != null && !description.isBlank()) {
            return description;
        }
        return type + (processor != null ? " " + processor : "") + (dataDate != null ? "(" + dataDate + ")" : "")
                + (ceType != null ? " " + ceType : "") + (games != null ? " " + games : "")
                + (metric != null ? " " + metric + (labels != null ? labels : "") : "")
                + (service != null ? " " + service : "") + (pattern != null ? " /" + pattern + "/" : "");
    }
}
