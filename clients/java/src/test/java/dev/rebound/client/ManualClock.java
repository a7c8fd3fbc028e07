package dev.rebound.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A clock the test moves: appointments run, in time order, when {@link #advance} passes them. */
final class ManualClock implements RunClock {
    private Instant now;
    private final List<Appointment> appointments = new ArrayList<>();

    private record Appointment(Instant at, Runnable task, CompletableFuture<Void> handle) {
    }

    ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Future<?> schedule(Instant at, Runnable task) {
        Appointment a = new Appointment(at, task, new CompletableFuture<>());
        appointments.add(a);
        return a.handle();
    }

    /** Moves the clock forward, running every appointment that falls due on the way at its own time. */
    void advance(Duration by) {
        Instant until;
        synchronized (this) {
            until = now.plus(by);
        }
        while (true) {
            Appointment next;
            synchronized (this) {
                next = appointments.stream().filter(a -> !a.at().isAfter(until))
                        .min(Comparator.comparing(Appointment::at)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                appointments.remove(next);
                now = next.at().isAfter(now) ? next.at() : now;
            }
            if (!next.handle().isCancelled()) {
                next.task().run();
            }
        }
    }
}
