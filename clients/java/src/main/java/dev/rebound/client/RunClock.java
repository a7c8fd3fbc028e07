package dev.rebound.client;

import java.time.Instant;
import java.util.concurrent.Future;

/**
 * The time a run stamps on its events and the appointments it keeps (its heartbeats). Processors use
 * {@link #system()}; a simulation passes its own, so that its runs live on its scenario clock.
 */
public interface RunClock {

    Instant now();

    /** Runs {@code task} at {@code at} in this clock's time (at once when that is past); the future cancels it. */
    Future<?> schedule(Instant at, Runnable task);

    /** Wall-clock time; appointments run on one shared daemon thread. */
    static RunClock system() {
        return SystemRunClock.INSTANCE;
    }
}
