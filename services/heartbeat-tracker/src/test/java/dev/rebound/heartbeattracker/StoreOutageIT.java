package dev.rebound.heartbeattracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.localpostgres.EmbeddedServer;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.time.Duration;
import java.time.Instant;
import dev.rebound.events.Event;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state store's server process down at the tracker's start and killed (kill -9) in the middle of a run, then
 * restarted: the tracker is not ready while it cannot reach its store and says so once a minute, not per message;
 * what arrived meanwhile is redelivered by Pub/Sub and lost nowhere; a run that kept heartbeating through the outage
 * is not declared stuck because its heartbeats bounced, while a run that really went silent is declared stuck once.
 */
@RequiresPubSubEmulator
class StoreOutageIT {
    private static final String UNAVAILABLE = "The state store is unavailable";
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private PackagedTracker it;

    @AfterEach
    void stop() {
        heartbeats.shutdownNow();
        if (it != null) {
            it.close();
        }
    }

    private long unavailableLines() {
        return it.service.output().lines().filter(l -> l.contains(UNAVAILABLE)).count();
    }

    @Test
    void anOutageOfTheStoreLosesNothingAndDeclaresNoLiveRunStuck() throws Exception {
        try (EmbeddedServer db = EmbeddedServer.startTemporary()) {
            db.createDatabase("tracker");
            db.kill();
            // 3 min sim (3 s real) of grace after the store answers again: time for bounced heartbeats to return
            it = new PackagedTracker(db.jdbcUrl("tracker"), "store-outage-it.log",
                    Map.of("rebound.heartbeat.restart-grace", "PT3M"));
            Duration deadline = PackagedTracker.DEADLINE;
            String processor = "OutageProcessor-" + UUID.randomUUID().toString().substring(0, 6);

            it.service.start();
            TestRun early = TestRun.random(processor);
            it.pubsub.publish(early.started(it.clock.instant(), 1200));
            await().atMost(deadline).until(() -> unavailableLines() >= 1);
            // for seconds of retries (with backoff) and a redelivered push: still one line, and never ready
            await().during(Duration.ofSeconds(4)).atMost(deadline)
                    .until(() -> unavailableLines() == 1 && !it.service.ready());

            db.restart();
            it.service.awaitReady(deadline);
            await().atMost(deadline).until(() -> it.stateOf(early).equals("running"));

            // 60 s interval (1 s real), 180 s threshold (3 s real); heartbeats every 0.5 s real throughout
            TestRun alive = TestRun.random(processor);
            TestRun silent = TestRun.random(processor);
            it.pubsub.publish(alive.started(it.clock.instant(), 60));
            it.pubsub.publish(silent.started(it.clock.instant(), 60));
            // the processor heartbeats throughout; what it sends from the kill until 2 s (120 s sim) after the restart
            // reaches the tracker only after that, as Pub/Sub's push back-off delivers a backlog late
            AtomicReference<Instant> heldUntil = new AtomicReference<>(Instant.MIN);
            List<Event<?>> held = new CopyOnWriteArrayList<>();
            heartbeats.scheduleAtFixedRate(() -> {
                Event<?> beat = alive.heartbeat(it.clock.instant());
                if (Instant.now().isBefore(heldUntil.get())) {
                    held.add(beat);
                    return;
                }
                held.forEach(it.pubsub::publish);
                held.clear();
                it.pubsub.publish(beat);
            }, 0, 500, TimeUnit.MILLISECONDS);
            await().atMost(deadline).until(() -> it.stateOf(alive).equals("running")
                    && it.stateOf(silent).equals("running"));

            heldUntil.set(Instant.MAX);
            db.kill();
            Instant outageEnds = Instant.now().plusSeconds(5);
            await().atMost(deadline).until(() -> Instant.now().isAfter(outageEnds));
            assertThat(it.service.ready()).isFalse();
            db.restart();
            heldUntil.set(Instant.now().plusSeconds(2));
            it.service.awaitReady(deadline);

            await().atMost(deadline).until(() -> it.stuckAlerts(silent).size() == 1
                    && it.stuckFailures(silent).size() == 1);
            Instant settled = it.clock.instant().plus(Duration.ofMinutes(5));
            await().atMost(deadline).until(() -> it.clock.instant().isAfter(settled));

            assertThat(it.stuckAlerts(alive)).as("heartbeats that bounced are not silence").isEmpty();
            assertThat(it.stateOf(alive)).isEqualTo("running");
            assertThat(it.stuckAlerts(silent)).hasSize(1);
            assertThat(it.stuckFailures(silent)).hasSize(1);
            assertThat(it.stuckAlerts(early)).isEmpty();
        }
    }
}
