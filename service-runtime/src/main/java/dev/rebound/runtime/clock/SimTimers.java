package dev.rebound.runtime.clock;

import dev.rebound.runtime.store.OutageLog;
import dev.rebound.runtime.store.StoreException;
import dev.rebound.runtime.store.StoreMigrations;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Periodic work measured in sim time: a 10 s sweep runs every 10 s in production and every 10/speed s in a
 * replay. A failing run is logged and the timer carries on; the next period retries. Timers wait for the state
 * store's schema to be migrated; while the store is unreachable that is said once a minute, not once a period.
 */
@ApplicationScoped
public class SimTimers {
    private static final Logger LOG = Logger.getLogger(SimTimers.class);
    private static final Duration MIN_REAL_PERIOD = Duration.ofMillis(20);

    private final ScenarioClock clock;
    private final OutageLog outageLog;
    private final BooleanSupplier storeReady;
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "rebound-timer-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Inject
    public SimTimers(ScenarioClock clock, OutageLog outageLog, StoreMigrations migrations) {
        this(clock, outageLog, migrations::migrated);
    }

    /** {@code storeReady}: whether the state store's schema is in place (the timers wait for it). */
    public SimTimers(ScenarioClock clock, OutageLog outageLog, BooleanSupplier storeReady) {
        this.clock = clock;
        this.outageLog = outageLog;
        this.storeReady = storeReady;
    }

    public void every(String name, Duration simPeriod, Runnable task) {
        Duration real = clock.toReal(simPeriod);
        if (real.compareTo(MIN_REAL_PERIOD) < 0) {
            real = MIN_REAL_PERIOD;
        }
        long nanos = real.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            if (!storeReady.getAsBoolean()) {
                // the state store is not there yet: nothing a timer does can work before it is
                return;
            }
            try {
                task.run();
                outageLog.recovered("state store");
            } catch (RuntimeException e) {
                if (StoreException.isTransient(e)) {
                    outageLog.unavailable("state store", e);
                } else {
                    LOG.errorf(e, "Timer '%s' failed; it runs again in %s", name, simPeriod);
                }
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
        LOG.debugf("Timer '%s' every %s sim (%s real)", name, simPeriod, real);
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
