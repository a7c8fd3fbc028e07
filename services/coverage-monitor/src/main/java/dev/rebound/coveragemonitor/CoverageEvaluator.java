package dev.rebound.coveragemonitor;

import dev.rebound.coveragemonitor.config.CoverageSettings;
import dev.rebound.coveragemonitor.messaging.CoverageAnnouncer;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.warehouse.PipelineWarehouse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Evaluates a game date: counts coverage, moves gap alerts and queues their announcements and the coverage report,
 * in one transaction. Runs after every relevant completion (in its message's transaction), on the sim-time timer,
 * on Cloud Scheduler's task, and once more exactly at a date's alert deadline while gaps are open, so escalation
 * does not wait for the next period. Any number of these, on any number of instances, may evaluate one date at
 * once: each evaluation first locks the date's row in the store, so they take turns, and each counts coverage only
 * once the previous one's alert changes are committed.
 */
@ApplicationScoped
public class CoverageEvaluator {
    private static final Logger LOG = Logger.getLogger(CoverageEvaluator.class);
    private static final long DEADLINE_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final CoverageCalculator calculator;
    private final GapAlerter alerter;
    private final GapAlertStore alerts;
    private final RunStore runs;
    private final CoverageAnnouncer announcer;
    private final StateStore store;
    private final ScenarioClock clock;
    private final Topology topology;
    private final CoverageSettings settings;
    private final SimTimers timers;
    private final Map<LocalDate, Cached> views = new ConcurrentHashMap<>();
    private final Map<LocalDate, ScheduledFuture<?>> deadlineWakeups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService wakeups = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coverage-deadline");
        t.setDaemon(true);
        return t;
    });

    private record Cached(DateCoverage coverage, long atNanos) {
    }

    public CoverageEvaluator(PipelineWarehouse warehouse, Topology topology, GapAlerter alerter, GapAlertStore alerts,
            RunStore runs, CoverageAnnouncer announcer, StateStore store, ScenarioClock clock,
            CoverageSettings settings, SimTimers timers) {
        this.calculator = new CoverageCalculator(warehouse, topology);
        this.alerter = alerter;
        this.alerts = alerts;
        this.runs = runs;
        this.announcer = announcer;
        this.store = store;
        this.clock = clock;
        this.topology = topology;
        this.settings = settings;
        this.timers = timers;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.timerEnabled()) {
            return;
        }
        Duration period = settings.evaluateEvery().orElse(topology.config().coverage().evaluateEvery());
        timers.every("coverage-evaluate", period, this::evaluateWatchedDates);
    }

    void stop(@Observes ShutdownEvent event) {
        wakeups.shutdownNow();
    }

    public CoverageCalculator calculator() {
        return calculator;
    }

    /**
     * Evaluates one date in one transaction (the caller's, if it has one): alert transitions and their
     * announcements, then the report (published even if nothing changed).
     */
    public DateCoverage evaluate(LocalDate date) {
        DateCoverage coverage = store.inTransaction(() -> {
            alerts.lockForEvaluation(date, clock.instant());
            Instant now = clock.instant();
            DateCoverage counted = calculator.compute(date, now, runs.completedOn(date));
            alerter.apply(counted, now);
            announcer.report(counted.toReport());
            return counted;
        });
        views.put(date, new Cached(coverage, System.nanoTime()));
        store.afterCommit(() -> wakeAtDeadline(coverage));
        return coverage;
    }

    /** The dates the timer and the scheduler task look at. */
    public List<LocalDate> evaluateWatchedDates() {
        List<LocalDate> dates = watchedDates();
        for (LocalDate date : dates) {
            evaluate(date);
        }
        return dates;
    }

    /**
     * Today and tomorrow by the scenario clock; yesterday while any of its games has not started (evening games
     * tip off after midnight UTC); any date with an open gap alert.
     */
    public List<LocalDate> watchedDates() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        Set<LocalDate> dates = new TreeSet<>(List.of(today, today.plusDays(1)));
        LocalDate yesterday = today.minusDays(1);
        if (calculator.schedule(yesterday).stream().anyMatch(g -> now.isBefore(g.tipoffAt()))) {
            dates.add(yesterday);
        }
        alerts.active().forEach(a -> dates.add(a.gameDate()));
        return List.copyOf(dates);
    }

    /** The game dates whose coverage a completion of this run can change (via the topology's dependents). */
    public Set<LocalDate> datesAffectedBy(String processor, LocalDate dataDate) {
        Set<LocalDate> dates = new TreeSet<>();
        if (!topology.knows(processor)) {
            return dates;
        }
        Set<String> phases = new HashSet<>();
        topology.coverageProcessors().forEach(p -> phases.add(p.name()));
        for (Topology.RunKey run : topology.dependentsOf(new Topology.RunKey(processor, dataDate))) {
            if (phases.contains(run.processor())) {
                dates.add(run.dataDate());
            }
        }
        return dates;
    }

    /** Coverage for display: the last evaluation if recent, otherwise counted now (read-only, nothing announced). */
    public DateCoverage view(LocalDate date) {
        Cached cached = views.get(date);
        if (cached != null && System.nanoTime() - cached.atNanos() < settings.viewCache().toNanos()) {
            return cached.coverage();
        }
        DateCoverage fresh = calculator.compute(date, clock.instant(), runs.completedOn(date));
        views.put(date, new Cached(fresh, System.nanoTime()));
        return fresh;
    }

    private void wakeAtDeadline(DateCoverage coverage) {
        Instant now = clock.instant();
        coverage.alertDeadline(alerter.alertLeadTime()).filter(now::isBefore).ifPresent(deadline -> {
            boolean openGap = alerts.forDate(coverage.gameDate()).stream().anyMatch(a -> a.state() == GapState.OPEN);
            if (!openGap) {
                return;
            }
            deadlineWakeups.computeIfAbsent(coverage.gameDate(), date -> {
                // a little past the deadline, so rounding between real and sim time cannot land just before it
                long delay = clock.toReal(Duration.between(now, deadline)).toNanos() + DEADLINE_MARGIN_NANOS;
                LOG.debugf("Gaps open for %s: evaluating again at the alert deadline %s", date, deadline);
                return wakeups.schedule(() -> {
                    deadlineWakeups.remove(date);
                    try {
                        evaluate(date);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Evaluation of %s at its alert deadline failed; the timer retries", date);
                    }
                }, delay, TimeUnit.NANOSECONDS);
            });
        });
    }
}
