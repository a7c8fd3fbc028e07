package dev.rebound.backfillorchestrator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code pipeline.deadline.at_risk.v1} says about a game date's margin: its deadline and the landing the
 * forecast decides on ({@code forecast.at_risk_landing} of the way from the expected to the p95 landing). The margin
 * is the deadline minus that landing (negative: late); the smallest margin is served first. {@code episode} is the
 * number at the end of the announcement's correlation id {@code deadline:<game_date>:<episode>}: one episode runs
 * from the first at-risk announcement of a date to its recovery.
 */
public record DeadlineMargin(LocalDate gameDate, int episode, String correlationId, Instant deadline,
        Instant landingAt, String cause, Instant detectedAt) {
    private static final Pattern CORRELATION = Pattern.compile("deadline:(\\d{4}-\\d{2}-\\d{2}):([1-9]\\d{0,8})");

    public Duration margin() {
        return Duration.between(landingAt, deadline);
    }

    /** The deciding landing: {@code fraction} (0 the expected, 1 the p95) of the way from expected to p95. */
    public static Instant decidingLanding(Instant expected, Instant p95, double fraction) {
        long spreadMillis = Duration.between(expected, p95).toMillis();
        return expected.plusMillis(Math.round(spreadMillis * fraction));
    }

    /**
     * The episode of a deadline announcement for {@code gameDate}, from its correlation id; a clear error when the
     * id is not {@code deadline:<game_date>:<episode>} for that date (the message is then quarantined).
     */
    public static int episodeOf(String correlationId, LocalDate gameDate) {
        Matcher m = correlationId == null ? null : CORRELATION.matcher(correlationId);
        if (m == null || !m.matches() || !m.group(1).equals(gameDate.toString())) {
            throw new IllegalArgumentException("correlation_id " + correlationId + " is not deadline:" + gameDate
                    + ":<episode>, as every deadline announcement of that game date must be");
        }
        return Integer.parseInt(m.group(2));
    }
}
