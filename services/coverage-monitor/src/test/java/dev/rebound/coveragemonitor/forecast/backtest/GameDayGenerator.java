package dev.rebound.coveragemonitor.forecast.backtest;

import static dev.rebound.coveragemonitor.forecast.backtest.SimulatedWorld.uniform;

import dev.rebound.coveragemonitor.forecast.ForecastInput;
import dev.rebound.coveragemonitor.forecast.ObservedRun;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates game days of a pipeline in a {@link SimulatedWorld}: the runs the date's last coverage phase needs,
 * started by the pipeline's own schedule or chain, each taking a log-normal duration, and on some days disturbed —
 * one run slowed down (alive, heartbeating, progressing slowly), stalled (silent until declared stuck, then re-run),
 * failed (re-run with the repair backoff, by hand after the last attempt), started late, an input refreshed late, or
 * the whole day slower. Games tip off some slack after the day's nominal landing, so some days have room for a
 * disturbance and some do not. The ground truth is when the last phase completes in this world.
 */
final class GameDayGenerator {
    /**
     * How much room a world's days leave and how hard they are hit: the first game's deadline lies between
     * {@code minSlack} and {@code maxSlack} after the undisturbed landing; a slowed run works between
     * {@code minSlowdown} and {@code maxSlowdown} times slower after its onset.
     */
    record Shape(String name, Duration minSlack, Duration maxSlack, double minSlowdown, double maxSlowdown) {
        /** Days with anything from half an hour to a working day of room; disturbances from mild to severe. */
        static final Shape MIXED = new Shape("mixed", Duration.ofMinutes(30), Duration.ofHours(8), 1.5, 12);
        /** Every day close to its deadline and mostly mild slowdowns: many days on the edge, the hardest to call. */
        static final Shape TIGHT = new Shape("tight", Duration.ofMinutes(15), Duration.ofHours(2), 1.2, 4);

        static Shape named(String name) {
            return switch (name) {
                case "mixed" -> MIXED;
                case "tight" -> TIGHT;
                default -> throw new IllegalArgumentException("unknown world shape " + name + " (mixed, tight)");
            };
        }
    }

    static final double GLOBAL_SLOWNESS = 0.10;
    static final double SLOWDOWN = 0.20;
    static final double STALL = 0.10;
    static final double FAILURE = 0.12;
    static final double LATE_START = 0.10;
    static final double INPUT_LATE = 0.05;
    /** A retry of a run that failed fails again with this probability. */
    static final double RETRY_FAILS = 0.35;

    private record Slot(String processor, LocalDate dataDate) {
        @Override
        public String toString() {
            return processor + "(" + dataDate + ")";
        }
    }

    /** An input satisfied by freshness: any completion of {@code processor} within {@code days} before the date. */
    private record FreshInput(String processor, int days) {
    }

    private final SimulatedWorld world;
    private final Topology topology;
    private final List<String> lastPhases;
    private final Duration safetyMargin;
    private final PipelineConfig.Repair repair;
    private final Shape shape;

    GameDayGenerator(SimulatedWorld world, List<String> lastPhases, Shape shape) {
        this.shape = shape;
        this.world = world;
        this.topology = world.topology;
        this.lastPhases = lastPhases;
        this.safetyMargin = topology.config().forecast().safetyMargin();
        this.repair = topology.config().repair();
    }

    GameDay generate(LocalDate date, SplittableRandom random) {
        Instant dayStart = date.atStartOfDay().toInstant(ZoneOffset.UTC);
        List<String> disturbances = new ArrayList<>();
        Map<String, FreshInput> fresh = new LinkedHashMap<>();
        Map<Slot, List<Slot>> usual = new LinkedHashMap<>();
        lastPhases.forEach(p -> collect(new Slot(p, date), usual, fresh, null));
        // the games are placed after the landing of an undisturbed day, whatever happens to this one
        Instant nominalLanding = lastPhases.stream().map(p -> nominal(usual, dayStart).get(new Slot(p, date)))
                .max(Comparator.naturalOrder()).orElseThrow();
        Map<Slot, List<Slot>> upstream = usual;
        String lateInput = null;
        if (!fresh.isEmpty() && random.nextDouble() < INPUT_LATE) {
            lateInput = new ArrayList<>(fresh.keySet()).get(random.nextInt(fresh.size()));
            upstream = new LinkedHashMap<>();
            for (String p : lastPhases) {
                collect(new Slot(p, date), upstream, new LinkedHashMap<>(), lateInput);
            }
            disturbances.add("input " + lateInput + " not fresh: its run of the day is needed");
        }
        List<Slot> order = order(upstream);
        Map<Slot, Instant> nominalStart = new HashMap<>();
        Map<Slot, Instant> nominalEnd = nominal(upstream, dayStart);
        nominalEnd.forEach((slot, end) -> nominalStart.put(slot, end.minus(world.model(slot.processor()).median())));

        double dayFactor = 1;
        if (random.nextDouble() < GLOBAL_SLOWNESS) {
            dayFactor = uniform(random, 1.2, 2.5);
            disturbances.add(String.format(java.util.Locale.ROOT, "whole day x%.1f", dayFactor));
        }
        Slot slowed = pick(random, SLOWDOWN, order);
        Slot stalled = pick(random, STALL, order);
        Slot failing = pick(random, FAILURE, order);
        Slot lateStart = pick(random, LATE_START, order);

        List<SimulatedRun> runs = new ArrayList<>();
        Map<Slot, Instant> done = new HashMap<>();
        for (Slot slot : order) {
            SimulatedWorld.ProcessorModel model = world.model(slot.processor());
            boolean root = upstream.get(slot).isEmpty();
            Instant start;
            if (root) {
                start = nominalStart.get(slot).plus(minutes(random, 0, 20));
                if (slot.processor().equals(lateInput)) {
                    start = start.plus(minutes(random, 0, 16 * 60));
                }
            } else {
                start = latest(upstream.get(slot), done, dayStart).plus(seconds(random, 30, 180));
                if (model.scheduledLag() != null) {
                    Instant scheduled = nominalStart.get(slot).plus(minutes(random, 0, 10));
                    start = start.isAfter(scheduled) ? start : scheduled;
                }
            }
            if (slot.equals(lateStart)) {
                Duration delay = minutes(random, 20, 10 * 60);
                start = start.plus(delay);
                disturbances.add(slot + " started " + delay.toMinutes() + " min late");
            }
            done.put(slot, attempts(slot, model, start, dayFactor, slot.equals(slowed), slot.equals(stalled),
                    slot.equals(failing), random, runs, disturbances));
        }
        Instant landing = lastPhases.stream().map(p -> done.get(new Slot(p, date))).max(Comparator.naturalOrder())
                .orElseThrow();
        return new GameDay(date, dayStart, runs, before(date, dayStart, fresh, lateInput),
                games(random, nominalLanding, date), landing, disturbances);
    }

    /** When each run of an undisturbed day would end: median durations, chained or at its schedule. */
    private Map<Slot, Instant> nominal(Map<Slot, List<Slot>> upstream, Instant dayStart) {
        Map<Slot, Instant> end = new HashMap<>();
        for (Slot slot : order(upstream)) {
            SimulatedWorld.ProcessorModel model = world.model(slot.processor());
            Instant ready = latest(upstream.get(slot), end, dayStart.plus(model.rootStart()));
            Instant start = !upstream.get(slot).isEmpty() && model.scheduledLag() != null
                    ? ready.plus(model.scheduledLag()) : ready;
            end.put(slot, start.plus(model.median()));
        }
        return end;
    }

    private List<Slot> order(Map<Slot, List<Slot>> upstream) {
        List<Slot> order = new ArrayList<>(upstream.keySet());
        order.sort(Comparator.comparingInt((Slot s) -> topology.rank(s.processor())).thenComparing(Slot::dataDate));
        return order;
    }

    /** The runs of one slot, attempt by attempt, until one completes; returns when it completed. */
    private Instant attempts(Slot slot, SimulatedWorld.ProcessorModel model, Instant first, double dayFactor,
            boolean slowed, boolean stalled, boolean failing, SplittableRandom random, List<SimulatedRun> runs,
            List<String> disturbances) {
        Instant start = first;
        for (int n = 1; ; n++) {
            Duration total = SimulatedWorld.around(random, model.median(), model.sigma()).multipliedBy(
                    Math.round(dayFactor * 1000)).dividedBy(1000);
            Duration setup = Duration.ofMillis(Math.round(total.toMillis() * uniform(random, 0, 0.15)));
            Duration work = total.minus(setup);
            Duration onset = work;
            double slowdown = 1;
            if (slowed && n == 1) {
                slowdown = Math.exp(uniform(random, Math.log(shape.minSlowdown()), Math.log(shape.maxSlowdown())));
                onset = Duration.ofMillis(Math.round(work.toMillis() * uniform(random, 0, 0.6)));
                disturbances.add(String.format(java.util.Locale.ROOT, "%s x%.1f slower after %d%%", slot, slowdown,
                        Math.round(100.0 * onset.toMillis() / work.toMillis())));
            }
            Instant natural = SimulatedRun.naturalEnd(start, setup, work, onset, slowdown);
            boolean manual = n > repair.maxAttempts();
            SimulatedRun.Outcome outcome = SimulatedRun.Outcome.COMPLETES;
            if (!manual && stalled && n == 1) {
                outcome = SimulatedRun.Outcome.STALLS;
            } else if (!manual && failing && (n == 1 || random.nextDouble() < RETRY_FAILS)) {
                outcome = SimulatedRun.Outcome.FAILS;
            }
            Instant end = natural;
            Instant stuckAt = null;
            if (outcome != SimulatedRun.Outcome.COMPLETES) {
                end = start.plusMillis(Math.round(Duration.between(start, natural).toMillis()
                        * uniform(random, 0.05, 0.9)));
                disturbances.add(slot + " attempt " + n + " " + outcome.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (outcome == SimulatedRun.Outcome.STALLS) {
                long beats = Duration.between(start, end).toMillis() / SimulatedRun.HEARTBEAT.toMillis();
                stuckAt = start.plus(SimulatedRun.HEARTBEAT.multipliedBy(beats + 3)).plus(seconds(random, 0, 10));
            }
            runs.add(new SimulatedRun(slot.processor(), slot.dataDate(), slot.processor() + "-" + slot.dataDate()
                    + "-a" + n, outcome, start, setup, work, onset, slowdown, end, stuckAt, model.reportsProgress()));
            if (outcome == SimulatedRun.Outcome.COMPLETES) {
                return end;
            }
            Instant failedAt = stuckAt != null ? stuckAt : end;
            if (n == repair.maxAttempts()) {
                start = failedAt.plus(minutes(random, 60, 6 * 60));
                disturbances.add(slot + " re-run by hand after the last attempt");
            } else {
                start = failedAt.plus(backoff(n)).plus(seconds(random, 0, 60));
            }
        }
    }

    private Duration backoff(int attempt) {
        double factor = Math.pow(repair.backoffMultiplier(), attempt - 1);
        Duration d = Duration.ofMillis(Math.round(repair.backoffInitial().toMillis() * factor));
        return d.compareTo(repair.backoffMax()) > 0 ? repair.backoffMax() : d;
    }

    /** The completions seen before the day: inputs satisfied by freshness (an old one, out of the window, if late). */
    private List<ObservedRun> before(LocalDate date, Instant dayStart, Map<String, FreshInput> fresh, String lateInput) {
        List<ObservedRun> out = new ArrayList<>();
        for (FreshInput input : fresh.values()) {
            SimulatedWorld.ProcessorModel model = world.model(input.processor());
            int daysBack = input.processor().equals(lateInput) ? input.days() + 1 : 1;
            Instant start = dayStart.minus(Duration.ofDays(daysBack)).plus(model.rootStart());
            out.add(ObservedRun.completed(input.processor(), date.minusDays(daysBack),
                    input.processor() + "-" + date.minusDays(daysBack), start, start.plus(model.median())));
        }
        return out;
    }

    private List<ForecastInput.Game> games(SplittableRandom random, Instant nominalLanding, LocalDate date) {
        Duration slack = Duration.ofSeconds(Math.round(uniform(random, shape.minSlack().toSeconds(),
                shape.maxSlack().toSeconds())));
        Instant first = nominalLanding.plus(safetyMargin).plus(slack);
        int count = 1 + random.nextInt(12);
        List<ForecastInput.Game> games = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant tipoff = i == 0 ? first : first.plus(minutes(random, 0, 180));
            games.add(new ForecastInput.Game(date + "-g" + (i + 1), tipoff));
        }
        return games;
    }

    /** The runs a slot needs, recursively; a freshness input is a run of the day only when it is the late one. */
    private void collect(Slot slot, Map<Slot, List<Slot>> upstream, Map<String, FreshInput> fresh, String lateInput) {
        if (upstream.containsKey(slot)) {
            return;
        }
        List<Slot> ups = new ArrayList<>();
        upstream.put(slot, ups);
        for (PipelineConfig.Edge e : topology.upstreamOf(slot.processor())) {
            if (e.byFreshness() && !e.from().equals(lateInput)) {
                fresh.putIfAbsent(e.from(), new FreshInput(e.from(), e.freshnessDays()));
                continue;
            }
            Slot up = new Slot(e.from(), e.byFreshness() ? slot.dataDate() : slot.dataDate().plusDays(e.offset()));
            ups.add(up);
            collect(up, upstream, fresh, lateInput);
        }
    }

    private static Instant latest(List<Slot> slots, Map<Slot, Instant> times, Instant otherwise) {
        return slots.stream().map(times::get).max(Comparator.naturalOrder()).orElse(otherwise);
    }

    private static Slot pick(SplittableRandom random, double probability, List<Slot> slots) {
        return random.nextDouble() < probability ? slots.get(random.nextInt(slots.size())) : null;
    }

    private static Duration minutes(SplittableRandom random, long from, long to) {
        return Duration.ofSeconds(Math.round(uniform(random, from * 60.0, to * 60.0)));
    }

    private static Duration seconds(SplittableRandom random, long from, long to) {
        return Duration.ofMillis(Math.round(uniform(random, from * 1000.0, to * 1000.0)));
    }
}
