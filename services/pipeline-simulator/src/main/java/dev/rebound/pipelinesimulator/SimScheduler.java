package dev.rebound.pipelinesimulator;

import dev.rebound.client.RunClock;
import dev.rebound.runtime.clock.ScenarioClock;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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

    public ScheduledFuture<?> at(Instant simTime, String what, Runnable task) {
        Duration ahead = Duration.between(clock.instant(), simTime);
        long delayNanos = ahead.isNegative() || ahead.isZero() ? 0 : clock.toReal(ahead).toNanos();
        return executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Simulated '%s' at %s failed", what, simTime);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
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
