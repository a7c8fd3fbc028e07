package dev.rebound.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The wall clock. One daemon thread keeps every run's appointments: a heartbeat only queues an event, so it never
 * holds the thread, and a daemon thread never keeps a finished processor's JVM alive.
 */
final class SystemRunClock implements RunClock {
    static final SystemRunClock INSTANCE = new SystemRunClock();

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rebound-heartbeats");
        thread.setDaemon(true);
        return thread;
    });

    private SystemRunClock() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Future<?> schedule(Instant at, Runnable task) {
        long delay = Math.max(0, Duration.between(Instant.now(), at).toNanos());
        return executor.schedule(task, delay, TimeUnit.NANOSECONDS);
    }
}
