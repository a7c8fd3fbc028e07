package dev.rebound.coveragemonitor.forecast;

import dev.rebound.coveragemonitor.forecast.DeadlineEpisode.EpisodeStatus;
import dev.rebound.events.Severity;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one forecast does to a date's episode, free of storage and messaging: the at-risk alert is announced once
 * per (date, cause) and again only when its severity rises; one recovery closes the episode. A later cause is a new
 * one only when its run is itself behind: a run on pace after others finished late is the same incident moving down
 * the path, not news. Every announcement
 * waits until its verdict has held for {@code confirm_for}, and recovery needs the margin (at the at-risk landing)
 * back above {@code recover_above}, a band above the at-risk threshold, so a forecast hovering at it never flaps.
 */
public final class DeadlineEpisodeRules {

    /** The episode after the forecast, and what to publish (in order). */
    public record Step(DeadlineEpisode episode, List<Announcement> announcements) {
    }

    private DeadlineEpisodeRules() {
    }

    public static Step decide(DeadlineEpisode current, DateForecast forecast, PipelineConfig.Forecast settings) {
        Instant now = forecast.evaluatedAt();
        DeadlineEpisode e = current;
        if (forecast.landed()) {
            if (e.open()) {
                return new Step(quiet(e), List.of(landed(e, forecast)));
            }
            return new Step(cleared(e, e.status()), List.of());
        }
        if (forecast.gamesLeft().isEmpty()) {
            return new Step(cleared(e, e.open() ? EpisodeStatus.EXPIRED : e.status()), List.of());
        }
        if (!forecast.atRisk(settings)) {
            if (!e.open() || !forecast.comfortablySafe(settings)) {
                return new Step(new DeadlineEpisode(e.gameDate(), e.seq(), e.status(), e.severity(),
                        e.announcedCauses(), null, null, null, null, null), List.of());
            }
            Instant safeSince = e.safeSince() != null ? e.safeSince() : now;
            if (held(safeSince, now, settings)) {
                return new Step(quiet(e), List.of(onTrack(e, forecast)));
            }
            return new Step(new DeadlineEpisode(e.gameDate(), e.seq(), e.status(), e.severity(), e.announcedCauses(),
                    null, null, null, null, safeSince), List.of());
        }
        Instant atRiskSince = e.atRiskSince() != null ? e.atRiskSince() : now;
        boolean critical = forecast.critical(settings);
        Instant criticalSince = critical ? (e.criticalSince() != null ? e.criticalSince() : now) : null;
        String cause = forecast.causeKey();
        Instant causeSince = cause.equals(e.cause()) && e.causeSince() != null ? e.causeSince() : now;
        Severity confirmed = held(criticalSince, now, settings) ? Severity.CRITICAL : Severity.WARNING;
        List<Announcement> out = new ArrayList<>();
        int seq = e.seq();
        Severity severity = e.severity();
        List<String> announced = new ArrayList<>(e.announcedCauses());
        EpisodeStatus status = e.status();
        if (!e.open()) {
            if (held(atRiskSince, now, settings)) {
                seq++;
                status = EpisodeStatus.AT_RISK;
                severity = confirmed;
                announced.clear();
                announced.add(cause);
                out.add(atRisk(e.gameDate().toString(), seq, cause, severity, forecast, settings));
            }
        } else {
            boolean newCause = forecast.criticalRunBehind() && !announced.contains(cause)
                    && held(causeSince, now, settings);
            boolean escalated = confirmed == Severity.CRITICAL && severity != Severity.CRITICAL;
            if (newCause || escalated) {
                severity = escalated ? Severity.CRITICAL : severity;
                if (!announced.contains(cause)) {
                    announced.add(cause);
                }
                out.add(atRisk(e.gameDate().toString(), seq, cause, severity, forecast, settings));
            }
        }
        return new Step(new DeadlineEpisode(e.gameDate(), seq, status, severity, announced, atRiskSince,
                criticalSince, cause, causeSince, null), out);
    }

    private static boolean held(Instant since, Instant now, PipelineConfig.Forecast settings) {
        return since != null && !now.isBefore(since.plus(settings.confirmFor()));
    }

    private static DeadlineEpisode quiet(DeadlineEpisode e) {
        return new DeadlineEpisode(e.gameDate(), e.seq(), EpisodeStatus.QUIET, null, List.of(), null, null, null, null,
                null);
    }

    private static DeadlineEpisode cleared(DeadlineEpisode e, EpisodeStatus status) {
        return new DeadlineEpisode(e.gameDate(), e.seq(), status, status == EpisodeStatus.AT_RISK ? e.severity() : null,
                status == EpisodeStatus.AT_RISK ? e.announcedCauses() : List.of(), null, null, null, null, null);
    }

    private static Announcement atRisk(String date, int seq, String cause, Severity severity, DateForecast f,
            PipelineConfig.Forecast settings) {
        List<DateForecast.GameVerdict> games = f.atRiskGames(settings);
        List<DeadlineAtRisk.Game> affected = games.stream().limit(DeadlineAtRisk.MAX_GAMES)
                .map(g -> new DeadlineAtRisk.Game(g.gameId(), g.tipoffAt())).toList();
        Instant deadline = games.stream().map(DateForecast.GameVerdict::deadline).min(Instant::compareTo)
                .orElseThrow();
        DeadlineAtRisk payload = new DeadlineAtRisk(f.gameDate(), affected, f.phase(), f.landing(), deadline,
                settings.safetyMargin().toSeconds(), f.criticalRun(), f.cause(), f.detail(), f.criticalPath(),
                severity, f.evaluatedAt());
        String id = "deadline/" + date + "/" + seq + "/at-risk/" + cause + "/"
                + severity.name().toLowerCase(java.util.Locale.ROOT);
        return new Announcement(id, payload, "deadline:" + date + ":" + seq);
    }

    private static Announcement onTrack(DeadlineEpisode e, DateForecast f) {
        return recovered(e, f, new DeadlineRecovered(f.gameDate(), DeadlineRecovered.Outcome.ON_TRACK, f.phase(),
                f.landing(), null, f.nextDeadline().orElseThrow(), f.evaluatedAt()));
    }

    private static Announcement landed(DeadlineEpisode e, DateForecast f) {
        Instant deadline = f.nextDeadline().orElseGet(() -> f.games().stream().map(DateForecast.GameVerdict::deadline)
                .min(Instant::compareTo).orElseThrow());
        return recovered(e, f, new DeadlineRecovered(f.gameDate(), DeadlineRecovered.Outcome.LANDED, f.phase(), null,
                f.landedAt(), deadline, f.evaluatedAt()));
    }

    private static Announcement recovered(DeadlineEpisode e, DateForecast f, DeadlineRecovered payload) {
        return new Announcement("deadline/" + f.gameDate() + "/" + e.seq() + "/recovered", payload, e.correlationId());
    }
}
