package dev.rebound.client;

import dev.rebound.events.Event;
import dev.rebound.events.TraceContext;
import dev.rebound.events.v1.ScraperCompleted;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A processor's or scraper's connection to Rebound: where its events go (Pub/Sub, or the emulator when
 * {@code PUBSUB_EMULATOR_HOST} is set), the clock its runs keep, and the retrying queue every event passes through.
 * One per process; thread-safe; closing it (or the JVM's exit) flushes what is still queued.
 *
 * <pre>{@code
 * ReboundClient rebound = ReboundClient.fromEnvironment();
 * try (var run = RunReporter.start(rebound, "PlayerGameSummaryProcessor", date, trigger)) {
 *     ...
 *     run.complete(rowsWritten);
 * }
 * }</pre>
 */
public final class ReboundClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReboundClient.class.getName());
    /** The project the local mesh ({@code ./rebound up}) provisions in the emulator. */
    public static final String LOCAL_PROJECT = "rebound-local";

    private final RunClock clock;
    private final PublishQueue queue;
    private final AutoCloseable ownedSink;
    private final Duration startTimeout;
    private final Duration flushTimeout;
    private final Thread flushAtExit = new Thread(this::close, "rebound-flush-at-exit");
    private boolean closed;

    private ReboundClient(Builder b) {
        this.clock = b.clock;
        this.startTimeout = b.startTimeout;
        this.flushTimeout = b.flushTimeout;
        EventSink sink = b.sink;
        if (sink == null) {
            PubSubSink pubsub = new PubSubSink(b.projectId(), b.emulatorHost);
            sink = pubsub;
            ownedSink = pubsub;
        } else {
            ownedSink = null;
        }
        this.queue = new PublishQueue(sink, b.backoff);
        Runtime.getRuntime().addShutdownHook(flushAtExit);
    }

    /** Pub/Sub as the environment says: {@code PUBSUB_EMULATOR_HOST}, {@code PUBSUB_PROJECT_ID} / {@code GOOGLE_CLOUD_PROJECT}. */
    public static ReboundClient fromEnvironment() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public RunClock clock() {
        return clock;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    Duration flushTimeout() {
        return flushTimeout;
    }

    /**
     * Announces that a scraper's files for a date have landed, so the processors they feed run without waiting for
     * Rebound's Cloud Storage bridge. Waits up to the flush timeout for Pub/Sub to accept it; a publish failure is
     * logged, never thrown. Invalid input (a path that is not gs://bucket/object, say) throws, naming the field.
     */
    public Event<ScraperCompleted> scraperCompleted(String scraper, LocalDate dataDate, List<String> objects) {
        ScraperCompleted payload = new ScraperCompleted(scraper, dataDate, clock.now(), objects,
                ScraperCompleted.Source.SCRAPER);
        Event<ScraperCompleted> event = Event.of(UUID.randomUUID().toString(), "//scrapers/" + scraper,
                payload.completedAt(), payload, null, Map.of(TraceContext.ATTRIBUTE,
                        TraceContext.newRoot().traceparent()));
        await(publish(event), flushTimeout, "scraper completion of " + scraper + "(" + dataDate + ")");
        return event;
    }

    /**
     * Publishes a prepared event: validated now against the contract (an invalid one throws
     * {@link dev.rebound.events.codec.EventValidationException} naming the field), then queued and retried.
     */
    public CompletableFuture<Void> publish(Event<?> event) {
        Contract.codec().encode(event);
        return queue.submit(event);
    }

    /** Waits until every event queued so far is published (or given up); false when the timeout came first. */
    public boolean flush(Duration timeout) {
        return queue.flush(timeout);
    }

    /** Waits for a publish without ever throwing: a processor's work does not fail because Pub/Sub did. */
    static boolean await(CompletableFuture<Void> published, Duration timeout, String what) {
        try {
            published.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.log(Level.WARNING, "{0} not yet published after {1}; still retrying in the background", what,
                    timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(Level.ERROR, "{0} was not published: {1}", what, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Flushes for up to the flush timeout, then stops; what is still unpublished is logged as lost. A client not
     * closed by then is closed when the JVM exits.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (Thread.currentThread() != flushAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(flushAtExit);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs this close anyway
            }
        }
        queue.close(flushTimeout);
        if (ownedSink != null) {
            try {
                ownedSink.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Closing the Pub/Sub publisher failed: {0}", e.getMessage());
            }
        }
    }

    public static final class Builder {
        private String projectId;
        private String emulatorHost = System.getenv("PUBSUB_EMULATOR_HOST");
        private EventSink sink;
        private RunClock clock = RunClock.system();
        private Backoff backoff = Backoff.DEFAULT;
        private Duration startTimeout = Duration.ofSeconds(10);
        private Duration flushTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Default: {@code PUBSUB_PROJECT_ID}, {@code GOOGLE_CLOUD_PROJECT}, {@code rebound-local} on the emulator,
         * else the metadata server's project (Cloud Run, GCE).
         */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** host:port of the Pub/Sub emulator; default {@code PUBSUB_EMULATOR_HOST}; null for Pub/Sub itself. */
        public Builder emulatorHost(String emulatorHost) {
            this.emulatorHost = emulatorHost;
            return this;
        }

        /** Publish through this sink instead of Pub/Sub (a host with its own publisher). */
        public Builder sink(EventSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public Builder clock(RunClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** How long starting a run waits for its started event to be accepted before going on regardless (10 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = nonNegative(startTimeout, "startTimeout");
            return this;
        }

        /** How long ending a run (and {@link #close()}) waits for what is queued to be published (30 s). */
        public Builder flushTimeout(Duration flushTimeout) {
            this.flushTimeout = nonNegative(flushTimeout, "flushTimeout");
            return this;
        }

        public ReboundClient build() {
            return new ReboundClient(this);
        }

        private String projectId() {
            if (projectId != null && !projectId.isBlank()) {
                return projectId;
            }
            for (String variable : List.of("PUBSUB_PROJECT_ID", "GOOGLE_CLOUD_PROJECT")) {
                String value = System.getenv(variable);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            if (emulatorHost != null && !emulatorHost.isBlank()) {
                return LOCAL_PROJECT;
            }
            return MetadataServer.projectId().orElseThrow(() -> new IllegalStateException("No Google Cloud project: "
                    + "set PUBSUB_PROJECT_ID or GOOGLE_CLOUD_PROJECT, or pass ReboundClient.builder().projectId(...)"));
        }

        private static Duration nonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive, was " + d);
            }
            return d;
        }
    }
}
