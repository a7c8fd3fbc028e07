package dev.rebound.coveragemonitor.forecast.backtest;

import dev.rebound.coveragemonitor.forecast.DeadlineForecaster;
import dev.rebound.runtime.pipeline.PipelineLoader;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The deadline forecast's backtest: for each seed, a simulated world of the pipeline and a few hundred game days in
 * it ({@link GameDayGenerator}), each replayed through the forecast and its episode rules as the service runs them
 * ({@link DayReplay}). A day is short when its last coverage phase really landed after the first game's deadline
 * (tip-off minus the safety margin) — the generated truth, never the forecast's. Counted per day:
 * <ul>
 * <li>hit: short, and an at-risk warning came before the deadline; lead = deadline minus the first warning;</li>
 * <li>false alarm: not short, yet at least one at-risk warning;</li>
 * <li>miss: short, and no warning before the deadline (a warning after it is counted as late, and as a miss).</li>
 * </ul>
 * precision = hits / (hits + false alarms), recall = hits / short days. Tuning seeds and held-out seeds are reported
 * apart; the held-out ones were not looked at while the model was built.
 * <p>
 * Run: {@code services/coverage-monitor/bench/forecast-backtest.sh} (options: {@code -Dseeds=1,2,3,4,5
 * -Dheldout=201,202,203,204,205 -Ddays=300 -Dwarmup=20 -Dworld=mixed|tight -Dpipeline=classpath:...|path}; to look
 * inside: {@code -Dlist=misses,alarms,events} prints missed days, false alarms and every announcement,
 * {@code -Dtrace=YYYY-MM-DD} every forecast of that date).
 */
public final class ForecastBacktest {
    private static final LocalDate FIRST_DAY = LocalDate.of(2027, 1, 1);
    private static final int HISTORY_KEPT = 100;

    /** A false alarm on a day that landed less than this before its deadline was a near miss. */
    static final Duration NEAR_MISS = Duration.ofMinutes(30);

    record SeedResult(String set, long seed, int days, int shortDays, int hits, int falseAlarms, int nearMisses,
            int misses, int late, double precision, double recall, double medianLeadMin, double p10LeadMin,
            double warningsPerWarnedDay, int daysWithSeveralEpisodes, double medianShortfallMin, List<Double> leads) {
    }

    private ForecastBacktest() {
    }

    public static void main(String[] args) {
        Topology topology = PipelineLoader.load(System.getProperty("pipeline", PipelineLoader.DEFAULT));
        long[] tuning = seeds(System.getProperty("seeds", "1,2,3,4,5"));
        long[] heldOut = seeds(System.getProperty("heldout", "201,202,203,204,205"));
        int days = Integer.getInteger("days", 300);
        int warmup = Integer.getInteger("warmup", 20);
        String list = System.getProperty("list", "");
        GameDayGenerator.Shape shape = GameDayGenerator.Shape.named(System.getProperty("world", "mixed"));
        System.out.printf(Locale.ROOT,
                "java %s, %d cores, %s; pipeline %s; world %s; %d days per seed after %d warm-up days%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), topology.name(), shape.name(), days, warmup);
        System.out.println("| set | seed | days | short | hits | false alarms (near misses) | misses (late) "
                + "| precision | recall "
                + "| median lead (min) | p10 lead (min) | at-risk events per warned day | days with >1 episode "
                + "| short days: median minutes late |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        long started = System.nanoTime();
        for (String set : List.of("tuning", "held-out")) {
            List<SeedResult> results = new ArrayList<>();
            for (long seed : set.equals("tuning") ? tuning : heldOut) {
                SeedResult r = runSeed(set, topology, shape, seed, days, warmup, list);
                results.add(r);
                print(r);
            }
            if (results.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| **%s median** | | | | | | | **%.3f** | **%.3f** | **%.0f** | %.0f | %.2f | | |%n",
                    set, median(results, SeedResult::precision), median(results, SeedResult::recall),
                    median(results, SeedResult::medianLeadMin), median(results, SeedResult::p10LeadMin),
                    median(results, SeedResult::warningsPerWarnedDay));
            int hits = results.stream().mapToInt(SeedResult::hits).sum();
            int alarms = results.stream().mapToInt(SeedResult::falseAlarms).sum();
            int shortDays = results.stream().mapToInt(SeedResult::shortDays).sum();
            List<Double> leads = results.stream().flatMap(r -> r.leads().stream()).toList();
            System.out.printf(Locale.ROOT, "| %s, all days pooled | | %d | %d | %d | %d (%d) | %d | %.3f | %.3f | %.0f | %.0f "
                    + "| | | |%n", set, results.stream().mapToInt(SeedResult::days).sum(), shortDays, hits, alarms,
                    results.stream().mapToInt(SeedResult::nearMisses).sum(), shortDays - hits,
                    hits + alarms == 0 ? 1 : (double) hits / (hits + alarms),
                    shortDays == 0 ? 1 : (double) hits / shortDays, percentile(leads, 50), percentile(leads, 10));
        }
        System.out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - started) / 1e9);
    }

    static SeedResult runSeed(String set, Topology topology, GameDayGenerator.Shape shape, long seed, int days,
            int warmup, String list) {
        SimulatedWorld world = new SimulatedWorld(topology, seed);
        DeadlineForecaster forecaster = new DeadlineForecaster(topology);
        GameDayGenerator generator = new GameDayGenerator(world, forecaster.lastPhases(), shape);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + 17);
        Map<String, LinkedList<Duration>> history = new HashMap<>();
        List<DayReplay.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < warmup + days; i++) {
            GameDay day = generator.generate(FIRST_DAY.plusDays(i), random.split());
            if (i >= warmup) {
                DayReplay.Outcome o = DayReplay.replay(day, forecaster, Map.copyOf(history), list.contains("events"),
                        System.getProperty("trace"));
                outcomes.add(o);
                explain(o, list);
            }
            for (SimulatedRun run : day.runs()) {
                if (run.outcome() == SimulatedRun.Outcome.COMPLETES) {
                    remember(history, run.processor(), run.duration());
                }
            }
        }
        return score(set, seed, outcomes);
    }

    private static void remember(Map<String, LinkedList<Duration>> seen, String processor, Duration d) {
        LinkedList<Duration> newestFirst = seen.computeIfAbsent(processor, k -> new LinkedList<>());
        newestFirst.addFirst(d);
        if (newestFirst.size() > HISTORY_KEPT) {
            newestFirst.removeLast();
        }
    }

    private static SeedResult score(String set, long seed, List<DayReplay.Outcome> outcomes) {
        int shortDays = 0;
        int hits = 0;
        int falseAlarms = 0;
        int nearMisses = 0;
        int late = 0;
        int several = 0;
        int warned = 0;
        int warnings = 0;
        List<Double> leads = new ArrayList<>();
        List<Double> shortfalls = new ArrayList<>();
        for (DayReplay.Outcome o : outcomes) {
            if (o.warned()) {
                warned++;
                warnings += o.atRiskAnnouncements();
            }
            if (o.episodes() > 1) {
                several++;
            }
            if (o.wasShort()) {
                shortDays++;
                shortfalls.add(Duration.between(o.deadline(), o.day().landing()).toSeconds() / 60.0);
                if (o.warnedInTime()) {
                    hits++;
                    leads.add(o.lead().toSeconds() / 60.0);
                } else if (o.warned()) {
                    late++;
                }
            } else if (o.warned()) {
                falseAlarms++;
                if (Duration.between(o.day().landing(), o.deadline()).compareTo(NEAR_MISS) < 0) {
                    nearMisses++;
                }
            }
        }
        double precision = hits + falseAlarms == 0 ? 1 : (double) hits / (hits + falseAlarms);
        double recall = shortDays == 0 ? 1 : (double) hits / shortDays;
        return new SeedResult(set, seed, outcomes.size(), shortDays, hits, falseAlarms, nearMisses, shortDays - hits,
                late,
                precision, recall, percentile(leads, 50), percentile(leads, 10),
                warned == 0 ? 0 : (double) warnings / warned, several, percentile(shortfalls, 50), leads);
    }

    private static void explain(DayReplay.Outcome o, String list) {
        boolean miss = o.wasShort() && !o.warnedInTime();
        boolean alarm = !o.wasShort() && o.warned();
        if ((list.contains("misses") && miss) || (list.contains("alarms") && alarm)) {
            System.out.printf(Locale.ROOT, "  %s %s: landed %s, deadline %s, first warning %s (%s, %s): %s%n",
                    miss ? "MISS" : "ALARM", o.day().date(), o.day().landing(), o.deadline(), o.firstWarning(),
                    o.firstSeverity(), o.firstCause(), o.day().disturbances());
        }
    }

    private static void print(SeedResult r) {
        System.out.printf(Locale.ROOT,
                "| %s | %d | %d | %d | %d | %d (%d) | %d (%d) | %.3f | %.3f | %.0f | %.0f | %.2f | %d | %.0f |%n",
                r.set(), r.seed(), r.days(), r.shortDays(), r.hits(), r.falseAlarms(), r.nearMisses(), r.misses(),
                r.late(),
                r.precision(), r.recall(), r.medianLeadMin(), r.p10LeadMin(), r.warningsPerWarnedDay(),
                r.daysWithSeveralEpisodes(), r.medianShortfallMin());
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double median(List<SeedResult> results, ToDoubleFunction<SeedResult> f) {
        return percentile(results.stream().map(r -> f.applyAsDouble(r)).toList(), 50);
    }

    private static long[] seeds(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong)
                .toArray();
    }
}
