package dev.rebound.coveragemonitor.deadline;

import dev.rebound.coveragemonitor.CoverageEvaluator;
import dev.rebound.coveragemonitor.config.CoverageSettings;
import dev.rebound.coveragemonitor.forecast.DateForecast;
import dev.rebound.coveragemonitor.forecast.DeadlineEpisode;
import dev.rebound.coveragemonitor.forecast.DeadlineEpisodeRules;
import dev.rebound.coveragemonitor.forecast.DeadlineForecaster;
import dev.rebound.coveragemonitor.incident.AlertSignals;
import dev.rebound.coveragemonitor.incident.IncidentTracker;
import dev.rebound.coveragemonitor.messaging.CoverageAnnouncer;
import dev.rebound.coveragemonitor.store.DeadlineEpisodeStore;
import dev.rebound.coveragemonitor.store.RunProgressStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.store.StateStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deadline forecast, live: every {@code forecast.evaluate_every} (sim time) each game date with games still
 * ahead is forecast from the store ({@link DeadlineForecaster}), and the episode rules decide what to announce
 * ({@link DeadlineEpisodeRules}). One date's evaluation is one transaction that first locks the date's episode row:
 * any number of instances take turns, each decides from the episode the previous one committed, and the
 * announcements it queues (ids derived from date, episode, cause and severity) commit with the episode or not at
 * all. The at-risk warnings come back on pipeline-alerts and join incidents like every other alert; a date closed
 * silently (its games started while at risk) answers its warning here, in the same transaction.
 */
@ApplicationScoped
public class DeadlineWatch {
    private final StateStore store;
    private final DeadlineEpisodeStore episodes;
    private final RunProgressStore progress;
    private final CoverageAnnouncer announcer;
    private final IncidentTracker incidents;
    private final AlertSignals signals;
    private final ScenarioClock clock;
    private final CoverageSettings settings;
    private final SimTimers timers;
    private final DeadlineForecaster forecaster;
    private final ForecastInputs inputs;

    public DeadlineWatch(Topology topology, CoverageEvaluator coverage, StateStore store,
            DeadlineEpisodeStore episodes, RunProgressStore progress, CoverageAnnouncer announcer,
            IncidentTracker incidents, AlertSignals signals, ScenarioClock clock, CoverageSettings settings,
            SimTimers timers) {
        this.store = store;
        this.episodes = episodes;
        this.progress = progress;
        this.announcer = announcer;
        this.incidents = incidents;
        this.signals = signals;
        this.clock = clock;
        this.settings = settings;
        this.timers = timers;
        this.forecaster = new DeadlineForecaster(topology);
        this.inputs = new ForecastInputs(topology, coverage.calculator(), progress);
    }

    void start(@Observes StartupEvent event) {
        if (settings.forecastRetention().isNegative() || settings.forecastRetention().isZero()) {
            throw new ConfigurationException("rebound.coverage.forecast-retention must be positive, was "
                    + settings.forecastRetention());
        }
        if (settings.timerEnabled()) {
            timers.every("deadline-forecast", forecaster.settings().evaluateEvery(), this::evaluateWatchedDates);
        }
    }

    /** Prunes what is too old to matter, then evaluates every watched date; returns the forecasts made. */
    public List<DateForecast> evaluateWatchedDates() {
        Instant now = clock.instant();
        progress.prune(now.minus(settings.forecastRetention()));
        episodes.prune(LocalDate.ofInstant(now.minus(settings.forecastRetention()), clock.getZone()));
        List<DateForecast> out = new ArrayList<>();
        for (LocalDate date : watchedDates(now)) {
            evaluate(date).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Yesterday, today and tomorrow (scenario clock) while any of their games has not started, and every date with
     * an episode open (so it recovers or closes).
     */
    public List<LocalDate> watchedDates(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        Set<LocalDate> dates = new TreeSet<>(episodes.openDates());
        for (LocalDate date : List.of(today.minusDays(1), today, today.plusDays(1))) {
            if (inputs.games(date).stream().anyMatch(g -> now.isBefore(g.tipoffAt()))) {
                dates.add(date);
            }
        }
        return List.copyOf(dates);
    }

    /** The forecast of one date now, for display: read-only (no lock, no episode change, nothing announced). */
    public Optional<DateForecast> view(LocalDate gameDate) {
        return forecaster.forecast(inputs.of(gameDate, clock.instant()));
    }

    public PipelineConfig.Forecast forecastSettings() {
        return forecaster.settings();
    }

    /** Forecasts one date and applies the episode rules, in one transaction; empty when the date has no games. */
    public Optional<DateForecast> evaluate(LocalDate gameDate) {
        return store.inTransaction(() -> {
            DeadlineEpisode current = episodes.lock(gameDate, clock.instant());
            Instant now = clock.instant();
            Optional<DateForecast> forecast = forecaster.forecast(inputs.of(gameDate, now));
            if (forecast.isEmpty()) {
                return forecast;
            }
            DeadlineEpisodeRules.Step step = DeadlineEpisodeRules.decide(current, forecast.get(),
                    forecaster.settings());
            episodes.save(step.episode(), now);
            step.announcements().forEach(a -> announcer.deadline(a, gameDate, now));
            if (current.open() && step.episode().status() == DeadlineEpisode.EpisodeStatus.EXPIRED) {
                incidents.answered(now, signals.deadlineClosed(gameDate));
            }
            return forecast;
        });
    }
}
