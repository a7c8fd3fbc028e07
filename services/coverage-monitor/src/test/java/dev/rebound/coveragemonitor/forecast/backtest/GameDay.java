package dev.rebound.coveragemonitor.forecast.backtest;

import dev.rebound.coveragemonitor.forecast.ForecastInput;
import dev.rebound.coveragemonitor.forecast.ObservedRun;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One generated game day: every attempt of every run the date's last coverage phase needs, the completions seen
 * before the day (inputs satisfied by freshness), the games, and the ground truth — when the last phase actually
 * landed in this world, which the forecast never sees.
 *
 * @param landing      when the last coverage phase completed
 * @param disturbances what was done to the day, for the report
 */
record GameDay(LocalDate date, Instant dayStart, List<SimulatedRun> runs, List<ObservedRun> before,
        List<ForecastInput.Game> games, Instant landing, List<String> disturbances) {

    /** The earliest deadline: tip-off minus the safety margin of the first game. */
    Instant firstDeadline(java.time.Duration safetyMargin) {
        return games.stream().map(ForecastInput.Game::tipoffAt).min(Comparator.naturalOrder()).orElseThrow()
                .minus(safetyMargin);
    }

    Instant lastTipoff() {
        return games.stream().map(ForecastInput.Game::tipoffAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** The ground truth: the last phase landed after the first game's deadline. */
    boolean wasShort(java.time.Duration safetyMargin) {
        return landing.isAfter(firstDeadline(safetyMargin));
    }

    /** What Rebound had seen of the day's runs at {@code now}. */
    List<ObservedRun> observedAt(Instant now) {
        List<ObservedRun> seen = new ArrayList<>(before);
        runs.stream().map(r -> r.observedAt(now)).filter(Objects::nonNull).forEach(seen::add);
        return seen;
    }
}
