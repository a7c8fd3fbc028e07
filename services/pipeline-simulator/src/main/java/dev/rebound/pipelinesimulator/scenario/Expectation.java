package dev.rebound.pipelinesimulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One typed check of a scenario's end state, evaluated by the launcher against the shared database's pipeline
 * tables and the event archive (never against a process's memory). Which fields apply depends on {@link #type}.
 */
public record Expectation(Type type, String description, String processor, LocalDate dataDate, Duration allowance,
        String scraper, LocalDate gameDate, List<String> games, Instant before, Boolean rootCauses,
        Integer minPlayers, Integer minPlans, String ceType, List<String> ceTypes, Map<String, String> match,
        Integer min, Integer max, String severity) {

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
        event_count
    }

    public String label() {
        if (description != null && !description.isBlank()) {
            return description;
        }
        return type + (processor != null ? " " + processor : "") + (dataDate != null ? "(" + dataDate + ")" : "")
                + (ceType != null ? " " + ceType : "") + (games != null ? " " + games : "");
    }
}
