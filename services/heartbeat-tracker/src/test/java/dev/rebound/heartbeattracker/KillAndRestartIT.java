package dev.rebound.heartbeattracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rebound.events.Event;
import dev.rebound.events.v1.ProcessorStuck;
import dev.rebound.testing.RequiresPubSubEmulator;
import dev.rebound.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * kill -9 mid-run and restart on the same database: every open run is still tracked, a run that went silent while
 * the service was down is reported once, a run reported before the kill is not reported again, a closed run stays
 * closed. The packaged service runs as a process against the emulator and PostgreSQL, on a 60x scenario clock.
 */
@RequiresPubSubEmulator
class KillAndRestartIT {
    private PackagedTracker it;

    @AfterEach
    void stop() {
        if (it != null) {
            it.close();
        }
    }

    @Test
    void afterKillMinus9AndRestartOpenRunsAreTrackedSilentRunsReportedOnceAndNothingTwice() throws Exception {
        it = new PackagedTracker(TestPostgres.freshDatabase("kill_restart"), "kill-and-restart-it.log", Map.of());
        it.service.startReady(PackagedTracker.DEADLINE);
        var clock = it.clock;
        var pubsub = it.pubsub;
        Duration deadline = PackagedTracker.DEADLINE;

        String processor = "RestartProcessor-" + UUID.randomUUID().toString().substring(0, 6);
        // alive throughout: a 1200 s interval (3600 s threshold = 60 s real) outlasts kill, restart and checks
        TestRun alive = TestRun.random(processor);
        // silent and reported before the kill: must not be reported again after the restart
        TestRun reportedBefore = TestRun.random(processor);
        // silent from just before the kill: its 180 s threshold (3 s real) runs out while the service is down
        TestRun silentWhileDown = TestRun.random(processor);
        TestRun closed = TestRun.random(processor);

        pubsub.publish(alive.started(clock.instant(), 1200));
        pubsub.publish(reportedBefore.started(clock.instant(), 10));
        pubsub.publish(closed.started(clock.instant(), 10));
        pubsub.publish(closed.completed(clock.instant().plusSeconds(5)));
        await().atMost(deadline).until(() -> it.stuckAlerts(reportedBefore).size() == 1
                && it.stuckFailures(reportedBefore).size() == 1);
        pubsub.publish(silentWhileDown.started(clock.instant(), 60));
        pubsub.publish(alive.heartbeat(clock.instant()));
        await().atMost(deadline).until(() -> it.stateOf(silentWhileDown).equals("running")
                && it.stateOf(closed).equals("completed") && it.stateOf(alive).equals("running"));

        it.service.kill();
        Instant killedAt = clock.instant();
        it.service.startReady(deadline);
        Event<?> afterRestart = alive.heartbeat(clock.instant());
        pubsub.publish(afterRestart);

        await().atMost(deadline).until(() -> it.stuckAlerts(silentWhileDown).size() == 1
                && it.stuckFailures(silentWhileDown).size() == 1);
        Instant until = clock.instant().plus(Duration.ofSeconds(120));
        await().atMost(deadline).until(() -> clock.instant().isAfter(until));

        assertThat(it.stuckAlerts(reportedBefore)).hasSize(1);
        assertThat(it.stuckFailures(reportedBefore)).hasSize(1);
        assertThat(it.stuckAlerts(silentWhileDown)).hasSize(1);
        assertThat(it.stuckFailures(silentWhileDown)).hasSize(1);
        ProcessorStuck verdict = (ProcessorStuck) it.stuckAlerts(silentWhileDown).get(0).data();
        assertThat(verdict.detectedAt()).isAfter(killedAt);
        assertThat(it.stuckAlerts(alive)).isEmpty();
        assertThat(it.stuckAlerts(closed)).isEmpty();
        assertThat(it.stateOf(alive)).isEqualTo("running");
        assertThat(it.runOf(alive).path("last_heartbeat_at").asText())
                .as("the open run kept being tracked")
                .isEqualTo(afterRestart.attributes().time().truncatedTo(ChronoUnit.MICROS).toString());
        assertThat(it.stateOf(closed)).isEqualTo("completed");
        assertThat(it.stateOf(reportedBefore)).isEqualTo("stuck");
        assertThat(it.stateOf(silentWhileDown)).isEqualTo("stuck");
    }
}
