package dev.rebound.pipelinesimulator;

import dev.rebound.client.RunClock;
import dev.rebound.runtime.clock.ScenarioClock;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One-shot work at a sim time: the simulated world's clock of appointments. A time already past runs at once, so a
 * simulator that starts late catches up in order rather than skipping what should have happened. It is also the
 * {@link RunClock} of the simulated processors' run reporters, which keeps their events and heartbeats in sim time.
 */
@ApplicationScoped
public class SimScheduler implements RunClock {
    private static final Logger LOG = Logger.getLogger(SimScheduler.class);

    /** How often an appointment made before the clock's anchor looks again whether sim time has started. */
    private static final Duration UNANCHORED_RECHECK = Duration.ofMillis(50);

    private final ScenarioClock clock;
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "sim-world-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public SimScheduler(ScenarioClock clock) {
        this.clock = clock;
    }

    /**
     * Runs {@code task} once sim time reaches {@code simTime}. The real wait is computed from the clock's speed and
     * checked again when it is over: a replay clock may stand just before its start until its anchor is confirmed,
     * so a wait computed meanwhile can end early, and is re-armed until sim time has really arrived. The future
     * cancels it.
     */
    public Future<?> at(Instant simTime, String what, Runnable task) {
        CompletableFuture<Void> appointment = new CompletableFuture<>();
        arm(appointment, simTime, what, task);
        return appointment;
    }

    private void arm(CompletableFuture<Void> appointment, Instant simTime, String what, Runnable task) {
        Duration ahead = Duration.between(clock.instant(), simTime);
        if (ahead.isNegative() || ahead.isZero()) {
            executor.execute(() -> keep(appointment, simTime, what, task));
            return;
        }
        long delayNanos = clock.toReal(ahead).toNanos();
        if (!clock.anchored()) {
            // a clock standing before its start until its anchor is confirmed would have this spin
            delayNanos = Math.max(delayNanos, UNANCHORED_RECHECK.toNanos());
        }
        executor.schedule(() -> {
            if (!appointment.isDone()) {
                arm(appointment, simTime, what, task);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void keep(CompletableFuture<Void> appointment, Instant simTime, String what, Runnable task) {
        if (appointment.isDone()) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Simulated '%s' at %s failed", what, simTime);
        } finally {
            appointment.complete(null);
        }
    }

    @Override
    public Future<?> schedule(Instant simTime, Runnable task) {
        return at(simTime, "run appointment", task);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
