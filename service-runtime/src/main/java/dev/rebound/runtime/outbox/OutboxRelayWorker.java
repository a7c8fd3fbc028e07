package dev.rebound.runtime.outbox;

import dev.rebound.runtime.config.ReboundConfig;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.store.OutageLog;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.runtime.store.StoreMigrations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's relay thread: woken right after a commit that added outbox rows, otherwise polling (rows of an
 * instance that died, retries whose backoff ran out). Publishes the backlog gauges {@code rebound_outbox_backlog}
 * and {@code rebound_outbox_oldest_age_seconds}, which infra/ alerts on.
 */
@ApplicationScoped
public class OutboxRelayWorker {
    private static final String DEPENDENCY = "state store (outbox relay)";

    private final OutboxRelay relay;
    private final StoreMigrations migrations;
    private final OutageLog outageLog;
    private final ReboundConfig.Outbox config;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong backlogRows = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private volatile Instant lastMeasured = Instant.EPOCH;
    private volatile Thread thread;
    private volatile boolean running;

    public OutboxRelayWorker(StateStore store, EventPublisher publisher, StoreMigrations migrations,
            OutageLog outageLog, ReboundConfig config, MeterRegistry registry) {
        this.config = config.outbox();
        this.relay = new OutboxRelay(store, publisher::publishRaw, this.config.batchSize(), this.config.maxBackoff());
        this.migrations = migrations;
        this.outageLog = outageLog;
        String service = config.service().name();
        Gauge.builder("rebound.outbox.backlog", backlogRows, AtomicLong::get).tag("service", service)
                .description("Outbox events not yet published").register(registry);
        Gauge.builder("rebound.outbox.oldest.age.seconds", oldestMillis, a -> a.get() / 1000.0)
                .tag("service", service).description("Age of the oldest unpublished outbox event").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        migrations.whenMigrated(() -> {
            Thread t = new Thread(this::loop, "rebound-outbox-relay");
            t.setDaemon(true);
            thread = t;
            t.start();
        });
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Asks the relay to look at the outbox now (a commit just added rows). */
    public void wake() {
        wakeUps.release();
    }

    public OutboxRelay relay() {
        return relay;
    }

    /** Deletes published rows past the retention. */
    public long prune() {
        return relay.prune(config.retention());
    }

    private void loop() {
        while (running) {
            try {
                wakeUps.tryAcquire(config.pollEvery().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                relay.relayAll();
                measure();
                outageLog.recovered(DEPENDENCY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                outageLog.unavailable(DEPENDENCY, e);
            }
        }
    }

    private void measure() {
        Instant now = Instant.now();
        if (now.isBefore(lastMeasured.plus(config.measureEvery()))) {
            return;
        }
        lastMeasured = now;
        OutboxRelay.Backlog backlog = relay.backlog();
        backlogRows.set(backlog.rows());
        oldestMillis.set(backlog.oldest().toMillis());
    }
}
