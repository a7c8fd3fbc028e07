package dev.rebound.client;

import dev.rebound.events.Event;
import dev.rebound.events.v1.ProcessorHeartbeat;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes events in order on one background thread, retrying a failing sink with backoff, so that a Pub/Sub
 * outage delays the events of a run but never throws into the processor's own work. A queued heartbeat is replaced
 * by a newer one of the same run: only the latest sign of life matters. An event still failing after the backoff's
 * {@code giveUpAfter}, or refused for itself ({@link PublishRefusedException}), is dropped with an error in the log —
 * the run then looks silent, and Rebound repairs it.
 */
final class PublishQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PublishQueue.class.getName());

    private final EventSink sink;
    private final Backoff backoff;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Thread worker;
    private Pending inFlight;
    private boolean closed;

    private record Pending(Event<?> event, CompletableFuture<Void> done) {
    }

    PublishQueue(EventSink sink, Backoff backoff) {
        this.sink = sink;
        this.backoff = backoff;
        this.worker = new Thread(this::drain, "rebound-publisher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues an event; the future completes when it is published (exceptionally when it was given up). */
    synchronized CompletableFuture<Void> submit(Event<?> event) {
        if (closed) {
            throw new IllegalStateException("the Rebound client is closed");
        }
        if (event.data() instanceof ProcessorHeartbeat beat) {
            supersedeQueuedHeartbeat(beat);
        }
        Pending pending = new Pending(event, new CompletableFuture<>());
        queue.addLast(pending);
        notifyAll();
        return pending.done();
    }

    private void supersedeQueuedHeartbeat(ProcessorHeartbeat newer) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.event().data() instanceof ProcessorHeartbeat older && older.runId().equals(newer.runId())
                    && older.processor().equals(newer.processor())) {
                it.remove();
                p.done().complete(null);
            }
        }
    }

    /** Waits until everything queued so far is published or given up; false when the timeout came first. */
    synchronized boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() || inFlight != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Events not yet published. */
    synchronized int backlog() {
        return queue.size() + (inFlight == null ? 0 : 1);
    }

    private void drain() {
        while (true) {
            Pending next;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                next = queue.pollFirst();
                inFlight = next;
            }
            boolean interrupted = !publishWithRetries(next);
            synchronized (this) {
                inFlight = null;
                notifyAll();
            }
            if (interrupted) {
                return;
            }
        }
    }

    /** False when the worker was interrupted (the client is closing); the event is then reported as not sent. */
    private boolean publishWithRetries(Pending pending) {
        Instant firstFailure = null;
        for (int retry = 1; ; retry++) {
            try {
                sink.publish(pending.event());
                if (firstFailure != null) {
                    LOG.log(Level.INFO, "Published {0} after {1} retries", describe(pending.event()), retry - 1);
                }
                pending.done().complete(null);
                return true;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    pending.done().completeExceptionally(e);
                    return false;
                }
                Instant now = Instant.now();
                firstFailure = firstFailure == null ? now : firstFailure;
                if (e instanceof PublishRefusedException
                        || Duration.between(firstFailure, now).compareTo(backoff.giveUpAfter()) >= 0) {
                    LOG.log(Level.ERROR, "Gave up publishing " + describe(pending.event()) + ": " + e.getMessage(), e);
                    pending.done().completeExceptionally(e);
                    return true;
                }
                Duration wait = backoff.delay(retry);
                // the first failure and every tenth retry: an outage of minutes must not drown the processor's log
                LOG.log(retry % 10 == 1 ? Level.WARNING : Level.DEBUG, "Publishing {0} failed ({1}); retry {2} in {3} ms",
                        describe(pending.event()), e.getMessage(), retry, wait.toMillis());
                try {
                    TimeUnit.MILLISECONDS.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    pending.done().completeExceptionally(e);
                    return false;
                }
            }
        }
    }

    private static String describe(Event<?> event) {
        String about = event.attributes().processor() != null
                ? " of " + event.attributes().processor() + "(" + event.attributes().dataDate() + ")" : "";
        return event.attributes().type() + about + " [" + event.id() + "]";
    }

    /**
     * Waits up to {@code timeout} for the backlog, then stops the worker. Whatever is still unpublished is logged
     * as lost: the runs it belonged to will look silent, and heartbeat-tracker will declare them stuck.
     */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    void close(Duration timeout) {
        boolean drained = flush(timeout);
        int lost;
        synchronized (this) {
            closed = true;
            lost = queue.size() + (inFlight == null ? 0 : 1);
            queue.forEach(p -> p.done().completeExceptionally(new IllegalStateException("client closed")));
            queue.clear();
            notifyAll();
        }
        if (!drained) {
            worker.interrupt();
        }
        if (lost > 0) {
            LOG.log(Level.ERROR, "Closed with {0} events unpublished after waiting {1}", lost, timeout);
        }
    }
}
