package dev.rebound.coveragemonitor.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the forecast of one game date reads: the date's games, the runs seen for the processors and dates the
 * date depends on, the processors' recent run durations, and the time.
 *
 * @param runs      every attempt seen of the runs upstream of the date's last coverage phase (other runs are
 *                  ignored)
 * @param durations per processor, its recent completed runs' durations, newest first
 */
public record ForecastInput(LocalDate gameDate, List<Game> games, List<ObservedRun> runs,
        Map<String, List<Duration>> durations, Instant now) {

    public record Game(String gameId, Instant tipoffAt) {
    }
}
