package dev.rebound.coveragemonitor.forecast.backtest;

import dev.rebound.coveragemonitor.forecast.Announcement;
import dev.rebound.coveragemonitor.forecast.DateForecast;
import dev.rebound.coveragemonitor.forecast.DeadlineEpisode;
import dev.rebound.coveragemonitor.forecast.DeadlineEpisodeRules;
import dev.rebound.coveragemonitor.forecast.DeadlineForecaster;
import dev.rebound.coveragemonitor.forecast.ForecastInput;
import dev.rebound.events.Severity;
import dev.rebound.events.v1.DeadlineAtRisk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays one generated day as the owning service would see it: every {@code forecast.evaluate_every} from the
 * day's midnight until the last phase has landed (or the last game tipped off), the forecast from what had been seen
 * by then, then the episode rules; and compares the announcements with the day's ground truth.
 */
final class DayReplay {

    /** What one day's announcements were worth. */
    record Outcome(GameDay day, boolean wasShort, Instant deadline, Instant firstWarning, Severity firstSeverity,
            int atRiskAnnouncements, int episodes, int recoveries, DeadlineAtRisk.Cause firstCause) {

        boolean warned() {
            return firstWarning != null;
        }

        /** Warned before the first game's deadline passed: the only warning that could still help. */
        boolean warnedInTime() {
            return firstWarning != null && firstWarning.isBefore(deadline);
        }

        Duration lead() {
            return Duration.between(firstWarning, deadline);
        }
    }

    private DayReplay() {
    }

    /**
     * @param history    per processor, the durations of its runs on the days before, newest first
     * @param listEvents print every announcement
     * @param trace      a date (YYYY-MM-DD) whose every forecast is printed, or null
     */
    static Outcome replay(GameDay day, DeadlineForecaster forecaster, Map<String, List<Duration>> history,
            boolean listEvents, String trace) {
        Duration step = forecaster.settings().evaluateEvery();
        Duration margin = forecaster.settings().safetyMargin();
        Instant end = day.lastTipoff().isBefore(day.landing().plus(step)) ? day.lastTipoff() : day.landing().plus(step);
        DeadlineEpisode episode = DeadlineEpisode.none(day.date());
        List<Announcement> announced = new ArrayList<>();
        Instant firstWarning = null;
        Severity firstSeverity = null;
        DeadlineAtRisk.Cause firstCause = null;
        for (Instant now = day.dayStart(); !now.isAfter(end); now = now.plus(step)) {
            DateForecast forecast = forecaster.forecast(new ForecastInput(day.date(), day.games(), day.observedAt(now),
                    history, now)).orElseThrow();
            DeadlineEpisodeRules.Step next = DeadlineEpisodeRules.decide(episode, forecast, forecaster.settings());
            if (day.date().toString().equals(trace)) {
                System.out.printf("    %s landing %s (p95 %s), smallest margin %s: %s%n", now,
                        forecast.landing().expected(), forecast.landing().p95(),
                        forecast.smallestMargin().orElse(null), forecast.detail());
            }
            episode = next.episode();
            for (Announcement a : next.announcements()) {
                announced.add(a);
                if (listEvents) {
                    System.out.printf("    %s %s%s%n", now, a.eventId(),
                            a.payload() instanceof DeadlineAtRisk r ? ": " + r.detail() : "");
                }
                if (firstWarning == null && a.payload() instanceof DeadlineAtRisk atRisk) {
                    firstWarning = now;
                    firstSeverity = atRisk.severity();
                    firstCause = atRisk.cause();
                }
            }
        }
        int atRisk = (int) announced.stream().filter(a -> a.payload() instanceof DeadlineAtRisk).count();
        int recoveries = announced.size() - atRisk;
        return new Outcome(day, day.wasShort(margin), day.firstDeadline(margin), firstWarning, firstSeverity, atRisk,
                episode.seq(), recoveries, firstCause);
    }
}
