package dev.rebound.coveragemonitor;

import dev.rebound.coveragemonitor.config.CoverageSettings;
import dev.rebound.coveragemonitor.store.GapAlertStore;
import dev.rebound.coveragemonitor.store.Outbox;
import dev.rebound.coveragemonitor.store.RunStore;
import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.clock.SimTimers;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.warehouse.Warehouse;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Evaluates a game date: counts coverage, moves gap alerts, publishes what was queued and the coverage report.
 * Runs after every relevant completion, on the sim-time timer, on Cloud Scheduler's task, and once more exactly at
 * a date's alert deadline while gaps are open, so escalation does not wait for the next period. Evaluations are
 * serialised in this process; across instances the outbox ids keep announcements single.
 */
@ApplicationScoped
public class CoverageEvaluator {
    private static final Logger LOG = Logger.getLogger(CoverageEvaluator.class);
    private static final long DEADLINE_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final CoverageCalculator calculator;
    private final GapAlerter alerter;
    private final GapAlertStore alerts;
    private final RunStore runs;
    private final Outbox outbox;
    private final EventPublisher publisher;
    private final ScenarioClock clock;
    private final Topology topology;
    private final CoverageSettings settings;
    private final SimTimers timers;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<LocalDate, Cached> views = new ConcurrentHashMap<>();
    private final Map<LocalDate, ScheduledFuture<?>> deadlineWakeups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService wakeups = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coverage-deadline");
        t.setDaemon(true);
        return t;
    });

    private record Cached(DateCoverage coverage, long atNanos) {
    }

    public CoverageEvaluator(Warehouse warehouse, Topology topology, GapAlerter alerter, GapAlertStore alerts,
            RunStore runs, Outbox outbox, EventPublisher publisher, ScenarioClock clock, CoverageSettings settings,
            SimTimers timers) {
        this.calculator = new CoverageCalculator(warehouse, topology);
        this.alerter = alerter;
        this.alerts = alerts;
        this.runs = runs;
        this.outbox = outbox;
        this.publisher = publisher;
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

    /** Evaluates one date: alert transitions, announcements, then the report (published even if nothing changed). */
    public DateCoverage evaluate(LocalDate date) {
        DateCoverage coverage;
        lock.lock();
        try {
            Instant now = clock.instant();
            coverage = calculator.compute(date, now, runs.completedOn(date));
            alerter.apply(coverage, now);
            flushOutbox();
            views.put(date, new Cached(coverage, System.nanoTime()));
        } finally {
            lock.unlock();
        }
        publisher.publish(coverage.toReport(), null);
        wakeAtDeadline(coverage);
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
        Set<String> phases = new java.util.HashSet<>();
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

    /** Publishes every queued announcement in order; a failure leaves the rest queued for the next evaluation. */
    public void flushOutbox() {
        for (Outbox.Entry entry : outbox.pending()) {
            Event<EventPayload> event = Event.of(entry.eventId(), publisher.source(), entry.createdAt(),
                    entry.payload(), entry.correlationId(), Map.of());
            publisher.publish(event);
            outbox.markPublished(entry.eventId(), clock.instant());
        }
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
