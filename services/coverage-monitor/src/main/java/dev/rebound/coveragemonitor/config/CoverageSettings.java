package dev.rebound.coveragemonitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * coverage-monitor's own settings. The coverage numbers themselves (minimum players, alert lead time, evaluation
 * period) belong to the pipeline (topology {@code coverage:}); these only override or tune how this service acts.
 */
@ConfigMapping(prefix = "rebound.coverage")
public interface CoverageSettings {

    /** Overrides the topology's {@code coverage.evaluate_every} (sim time). */
    @WithName("evaluate-every")
    Optional<Duration> evaluateEvery();

    /** Run the internal periodic evaluation (Cloud Scheduler's /tasks/evaluate is the production trigger too). */
    @WithName("timer-enabled")
    @WithDefault("true")
    boolean timerEnabled();

    /** How often the dashboard page polls its JSON (real time). */
    @WithName("dashboard-poll")
    @WithDefault("5s")
    Duration dashboardPoll();

    /** How many recent processor runs the dashboard lists. */
    @WithName("dashboard-runs")
    @WithDefault("40")
    int dashboardRuns();

    /** Coverage results younger than this (real time) are served from memory to dashboard polls. */
    @WithName("view-cache")
    @WithDefault("3s")
    Duration viewCache();

    /**
     * A root cause back within this long (sim time) after its incident resolved reopens that incident instead of
     * opening (and paging) a new one. Zero or positive; checked at startup.
     */
    @WithName("incident-reopen-window")
    @WithDefault("PT6H")
    Duration incidentReopenWindow();

    /**
     * How long (sim time) the deadline forecast keeps what it read from processor-heartbeats about a run, and its
     * episodes of past dates: long enough for {@code forecast.history_runs} runs of every processor. Positive;
     * checked at startup.
     */
    @WithName("forecast-retention")
    @WithDefault("P30D")
    Duration forecastRetention();
}
