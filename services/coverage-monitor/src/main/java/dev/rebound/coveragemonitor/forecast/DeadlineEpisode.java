package dev.rebound.coveragemonitor.forecast;

import dev.rebound.events.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What has been announced about one game date's deadline, and the verdicts waiting to be confirmed: the state the
 * owning service keeps per date (one row) so that every instance and every restart decides the same.
 *
 * @param seq             the number of at-risk episodes the date has had; the current or last one
 * @param severity        the highest severity announced in the open episode (null when none is open)
 * @param announcedCauses the causes announced in the open episode ({@link DateForecast#causeKey()})
 * @param atRiskSince     since when every evaluation found the date at risk (null: the last one did not)
 * @param criticalSince   since when every evaluation found it critical
 * @param cause           the cause the last evaluation found, and {@code causeSince} since when it has been the cause
 * @param safeSince       since when every evaluation found an open episode comfortably safe
 */
public record DeadlineEpisode(LocalDate gameDate, int seq, EpisodeStatus status, Severity severity,
        List<String> announcedCauses, Instant atRiskSince, Instant criticalSince, String cause, Instant causeSince,
        Instant safeSince) {

    public enum EpisodeStatus {
        /** No episode open: never at risk, or recovered. */
        QUIET,
        /** At risk was announced and has not recovered. */
        AT_RISK,
        /** Every game started while it was at risk: closed without an announcement (its gaps speak now). */
        EXPIRED
    }

    public DeadlineEpisode {
        announcedCauses = List.copyOf(announcedCauses);
    }

    public static DeadlineEpisode none(LocalDate gameDate) {
        return new DeadlineEpisode(gameDate, 0, EpisodeStatus.QUIET, null, List.of(), null, null, null, null, null);
    }

    public boolean open() {
        return status == EpisodeStatus.AT_RISK;
    }

    /** The correlation id of the episode's announcements. */
    public String correlationId() {
        return "deadline:" + gameDate + ":" + seq;
    }
}
