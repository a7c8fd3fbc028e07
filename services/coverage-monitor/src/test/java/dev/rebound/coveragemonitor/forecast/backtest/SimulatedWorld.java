package dev.rebound.coveragemonitor.forecast.backtest;

import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How the processors of a pipeline behave in one simulated world (one seed), drawn once and hidden from the
 * forecast, which only sees the runs' events. Each processor has a typical duration and a day-to-day spread
 * (log-normal), reports progress in its heartbeats or not, and starts either when its upstream runs have completed
 * (chained) or at its own scheduled time once they have.
 */
final class SimulatedWorld {
    /** A root processor's scheduled start, after the game date's midnight: between these two. */
    static final Duration EARLIEST_ROOT_START = Duration.ofHours(3);
    static final Duration LATEST_ROOT_START = Duration.ofHours(10);

    /**
     * @param median           typical duration
     * @param sigma            log-normal spread of a run's duration around the median (0.1: tight, 0.4: wide)
     * @param reportsProgress  whether its heartbeats carry {@code progress}
     * @param rootStart        for a processor without upstream: its scheduled start after midnight
     * @param scheduledLag     for a scheduled (not chained) processor: its schedule lags its upstream's nominal
     *                         completion by this; null when it is chained
     */
    record ProcessorModel(String name, Duration median, double sigma, boolean reportsProgress, Duration rootStart,
            Duration scheduledLag) {
    }

    final Topology topology;
    final Map<String, ProcessorModel> processors = new LinkedHashMap<>();

    SimulatedWorld(Topology topology, long seed) {
        this.topology = topology;
        SplittableRandom random = new SplittableRandom(seed);
        for (PipelineConfig.Processor p : topology.processors()) {
            long medianS = Math.round(Math.exp(uniform(random, Math.log(5 * 60), Math.log(60 * 60))));
            double sigma = uniform(random, 0.1, 0.4);
            boolean progress = random.nextDouble() < 0.8;
            Duration rootStart = Duration.ofSeconds(Math.round(uniform(random, EARLIEST_ROOT_START.toSeconds(),
                    LATEST_ROOT_START.toSeconds())));
            Duration lag = random.nextDouble() < 0.3
                    ? Duration.ofMinutes(Math.round(uniform(random, 15, 120))) : null;
            processors.put(p.name(), new ProcessorModel(p.name(), Duration.ofSeconds(medianS), sigma, progress,
                    rootStart, lag));
        }
    }

    ProcessorModel model(String processor) {
        return processors.get(processor);
    }

    static double uniform(SplittableRandom random, double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    /** A log-normal draw around the median. */
    static Duration around(SplittableRandom random, Duration median, double sigma) {
        double z = gaussian(random);
        return Duration.ofMillis(Math.max(1000, Math.round(median.toMillis() * Math.exp(sigma * z))));
    }

    static double gaussian(SplittableRandom random) {
        double u1 = Math.max(1e-12, random.nextDouble());
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
