package dev.rebound.client;

import dev.rebound.events.Event;
import dev.rebound.events.EventPayload;
import dev.rebound.events.TraceContext;
import dev.rebound.events.v1.ProcessorCompleted;
import dev.rebound.events.v1.ProcessorFailed;
import dev.rebound.events.v1.ProcessorHeartbeat;
import dev.rebound.events.v1.ProcessorStarted;
import dev.rebound.events.v1.RunTrigger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One processor run, reported to Rebound: {@code started} when it begins, a {@code heartbeat} every interval while
 * it shows life, then {@code completed} or {@code failed}. A trigger's backfill id, {@code correlation_id} and
 * trace are carried on every event of the run.
 *
 * <pre>{@code
 * try (var run = RunReporter.start(rebound, "PlayerGameSummaryProcessor", date, trigger)) {
 *     for (...) { ...; run.progress(done, total); }
 *     run.complete(rowsWritten);
 * }
 * }</pre>
 *
 * <p>Java cannot tell a try block's normal end from an exception, so success is said with {@link #complete(long)};
 * a run closed without it (an exception or an early return) is reported failed. Call {@link #fail(Throwable)} in a
 * catch to report the exception's own reason and message.
 *
 * <p>A hung block must not look alive: heartbeats come from a background thread, but only while the block has shown
 * life ({@link #progress}, {@link #alive}) within the stall window (10 minutes by default). After that they stop,
 * heartbeat-tracker declares the run stuck three intervals later, and Rebound repairs it; they resume if the block
 * shows life again. Publishing never throws into the processor's work: failures are retried with backoff in the
 * background (see {@link ReboundClient}).
 */
public final class RunReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunReporter.class.getName());
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL =
            Duration.ofSeconds(ProcessorStarted.DEFAULT_HEARTBEAT_INTERVAL_S);
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(10);

    private enum State { RUNNING, COMPLETED, FAILED }

    private final ReboundClient client;
    private final RunClock clock;
    private final String processor;
    private final LocalDate dataDate;
    private final String runId;
    private final String source;
    private final String correlationId;
    private final Map<String, String> traceAttributes;
    private final Duration interval;
    private final Duration stallAfter;
    private State state = State.RUNNING;
    private Instant lastAlive;
    private ProcessorHeartbeat.Progress progress;
    private Future<?> nextBeat;
    private boolean stallLogged;

    private RunReporter(Builder b) {
        this.client = b.client;
        this.clock = b.client.clock();
        this.processor = b.processor;
        this.dataDate = b.dataDate;
        this.runId = b.runId != null ? b.runId
                : b.processor + "-" + b.dataDate + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.source = b.source != null ? b.source : "//processors/" + sourceName(b.processor);
        this.correlationId = b.correlationId;
        TraceContext span = TraceContext.parse(b.traceparent).map(TraceContext::child).orElseGet(TraceContext::newRoot);
        Map<String, String> trace = new LinkedHashMap<>();
        trace.put(TraceContext.ATTRIBUTE, span.traceparent());
        if (b.tracestate != null) {
            trace.put("tracestate", b.tracestate);
        }
        this.traceAttributes = Map.copyOf(trace);
        this.interval = b.interval;
        this.stallAfter = b.stallAfter;
    }

    /** Starts a run; {@code trigger} is the trigger that asked for it, or null for a scheduled run. */
    public static RunReporter start(ReboundClient client, String processor, LocalDate dataDate, Trigger trigger) {
        return builder(client, processor, dataDate).trigger(trigger).start();
    }

    public static Builder builder(ReboundClient client, String processor, LocalDate dataDate) {
        return new Builder(client, processor, dataDate);
    }

    private void begin(RunTrigger kind, String backfillId) {
        Instant now = clock.now();
        CompletableFuture<Void> published;
        synchronized (this) {
            published = client.publish(event(new ProcessorStarted(processor, runId, dataDate, now,
                    (int) interval.toSeconds(), kind, backfillId), now));
            lastAlive = now;
            scheduleBeat(now.plus(interval));
        }
        ReboundClient.await(published, client.startTimeout(), "started of " + this);
    }

    public String runId() {
        return runId;
    }

    public String processor() {
        return processor;
    }

    public LocalDate dataDate() {
        return dataDate;
    }

    /** The {@code traceparent} every event of this run carries (the run's span in the trigger's trace). */
    public String traceparent() {
        return traceAttributes.get(TraceContext.ATTRIBUTE);
    }

    /** Progress so far, sent with the next heartbeat; also a sign of life. */
    public synchronized void progress(long done, long total) {
        if (done < 0 || total < 0) {
            throw new IllegalArgumentException("progress.done and progress.total must be >= 0, were " + done + " and "
                    + total);
        }
        progress = new ProcessorHeartbeat.Progress(done, total);
        lastAlive = clock.now();
    }

    /** A sign of life without a count: call it while waiting on something long (a query, a download). */
    public synchronized void alive() {
        lastAlive = clock.now();
    }

    /** The run's output is written: publishes completed and waits (up to the flush timeout) for it to be sent. */
    public void complete(long recordsWritten) {
        CompletableFuture<Void> published;
        synchronized (this) {
            requireRunning("complete");
            Instant now = clock.now();
            published = client.publish(event(new ProcessorCompleted(processor, runId, dataDate, now, recordsWritten),
                    now));
            end(State.COMPLETED);
        }
        ReboundClient.await(published, client.flushTimeout(), "completed of " + this);
    }

    /**
     * The run failed because of {@code failure}: a {@link RunFailure} gives its own reason and retryability; a
     * timeout ({@code TimeoutException}, or any {@code *TimeoutException} such as {@code SocketTimeoutException})
     * is reason {@code timeout}; anything else is {@code error}. Both are retryable (Rebound caps its attempts). The
     * message is the exception's class and message.
     */
    public void fail(Throwable failure) {
        FailureReport report = FailureReport.of(failure);
        fail(report.reason(), report.message(), report.retryable());
    }

    public void fail(ProcessorFailed.Reason reason, String message, boolean retryable) {
        CompletableFuture<Void> published;
        synchronized (this) {
            requireRunning("fail");
            Instant now = clock.now();
            published = client.publish(event(new ProcessorFailed(processor, runId, dataDate, now, reason, message,
                    retryable), now));
            end(State.FAILED);
        }
        ReboundClient.await(published, client.flushTimeout(), "failed of " + this);
    }

    /** Ends the run; one that neither completed nor failed is reported failed (reason error, retryable). */
    @Override
    public void close() {
        boolean open;
        synchronized (this) {
            open = state == State.RUNNING;
        }
        if (open) {
            fail(ProcessorFailed.Reason.ERROR, "the run ended without complete(): an exception or an early return "
                    + "left its block", true);
        }
    }

    private void requireRunning(String what) {
        if (state != State.RUNNING) {
            throw new IllegalStateException("cannot " + what + " " + this + ": it already " + state.name().toLowerCase());
        }
    }

    private void end(State outcome) {
        state = outcome;
        if (nextBeat != null) {
            nextBeat.cancel(false);
        }
    }

    private void scheduleBeat(Instant due) {
        nextBeat = clock.schedule(due, () -> beat(due));
    }

    /** A heartbeat falls due: sent if the block showed life within the stall window before it was due. */
    private synchronized void beat(Instant due) {
        if (state != State.RUNNING) {
            return;
        }
        if (stallAfter == null || !due.isAfter(lastAlive.plus(stallAfter))) {
            Instant now = clock.now();
            try {
                client.publish(event(new ProcessorHeartbeat(processor, runId, dataDate, now, progress), now));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Heartbeat of " + this + " not sent: " + e.getMessage(), e);
            }
            stallLogged = false;
        } else if (!stallLogged) {
            stallLogged = true;
            LOG.log(Level.WARNING, "{0} has shown no progress for {1}: heartbeats stop until it does, so that "
                    + "Rebound sees a hung run", this, stallAfter);
        }
        scheduleBeat(due.plus(interval));
    }

    private Event<?> event(EventPayload payload, Instant time) {
        return Event.of(UUID.randomUUID().toString(), source, time, payload, correlationId, traceAttributes);
    }

    @Override
    public String toString() {
        return processor + "(" + dataDate + ") run " + runId;
    }

    /** {@code PlayerGameSummaryProcessor} → {@code player-game-summary}, as in {@code //processors/player-game-summary}. */
    static String sourceName(String processor) {
        if (processor == null || processor.isBlank()) {
            return "unnamed";
        }
        String name = processor.length() > "Processor".length() && processor.endsWith("Processor")
                ? processor.substring(0, processor.length() - "Processor".length()) : processor;
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return kebab.isEmpty() ? "unnamed" : kebab;
    }

    /** How a run starts: what triggered it, its trace, its heartbeat interval and stall window. */
    public static final class Builder {
        private final ReboundClient client;
        private final String processor;
        private final LocalDate dataDate;
        private RunTrigger kind = RunTrigger.SCHEDULED;
        private String backfillId;
        private String correlationId;
        private String traceparent;
        private String tracestate;
        private String runId;
        private String source;
        private Duration interval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration stallAfter = DEFAULT_STALL_AFTER;

        private Builder(ReboundClient client, String processor, LocalDate dataDate) {
            this.client = Objects.requireNonNull(client, "client");
            this.processor = processor;
            this.dataDate = dataDate;
        }

        /**
         * The trigger this run answers (null: none, a scheduled run): sets the kind, backfill id, correlation id and
         * trace. It must be for this processor and date.
         */
        public Builder trigger(Trigger trigger) {
            if (trigger == null) {
                return this;
            }
            if (!trigger.isFor(processor)) {
                throw new IllegalArgumentException("trigger.processor is '" + trigger.processor()
                        + "' but the run is for '" + processor + "'");
            }
            if (!trigger.dataDate().equals(dataDate)) {
                throw new IllegalArgumentException("trigger.data_date is " + trigger.dataDate()
                        + " but the run is for " + dataDate);
            }
            kind = trigger.kind();
            backfillId = trigger.backfillId();
            correlationId = trigger.correlationId();
            traceparent = trigger.traceparent();
            tracestate = trigger.tracestate();
            return this;
        }

        public Builder kind(RunTrigger kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        public Builder backfillId(String backfillId) {
            this.backfillId = backfillId;
            return this;
        }

        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** Continue this W3C trace (the run becomes a child span of it); without one the run starts a new trace. */
        public Builder traceparent(String traceparent) {
            this.traceparent = traceparent;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        /** ce-source of the run's events; default {@code //processors/<processor in kebab case>}. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Whole seconds, at least 1; default 60 s. */
        public Builder heartbeatInterval(Duration interval) {
            if (interval == null || interval.toSeconds() < 1 || interval.toNanosPart() != 0) {
                throw new IllegalArgumentException("heartbeat_interval_s must be a whole number of seconds >= 1, was "
                        + interval);
            }
            this.interval = interval;
            return this;
        }

        /** How long the block may show no life before heartbeats stop (default 10 minutes; zero: at once). */
        public Builder stallAfter(Duration stallAfter) {
            if (stallAfter == null || stallAfter.isNegative()) {
                throw new IllegalArgumentException("stallAfter must be zero or positive, was " + stallAfter);
            }
            this.stallAfter = stallAfter;
            return this;
        }

        /** Heartbeat for as long as the run is open, whatever the block does (it then cannot be seen to hang). */
        public Builder noStallDetection() {
            this.stallAfter = null;
            return this;
        }

        /** Publishes started (waiting up to the client's start timeout for it to be sent) and starts heartbeating. */
        public RunReporter start() {
            RunReporter run = new RunReporter(this);
            run.begin(kind, backfillId);
            return run;
        }
    }
}
