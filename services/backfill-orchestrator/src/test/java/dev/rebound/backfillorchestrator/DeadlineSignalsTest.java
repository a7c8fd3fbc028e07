package dev.rebound.backfillorchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.pubsub.v1.ReceivedMessage;
import dev.rebound.events.Event;
import dev.rebound.events.Severity;
import dev.rebound.events.Topics;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.DeadlineAtRisk.RunState;
import dev.rebound.events.v1.ProcessorTrigger;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import dev.rebound.runtime.push.PushStats;
import dev.rebound.runtime.sql.Row;
import dev.rebound.runtime.sql.Sql;
import dev.rebound.runtime.store.StateStore;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.PubSubTestClient;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deadline forecast's announcements through the real emulator and the real store, as coverage-monitor publishes
 * them on pipeline-alerts: a warning about a failed critical run triggers its re-run once, however often it is
 * delivered or re-published; the recovery clears the margin; an announcement whose correlation id is not the date's
 * deadline episode is quarantined with that reason. (The same resources as {@link RepairPlansTest}: one application.)
 */
@RequiresPubSubEmulator
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class,
        initArgs = @ResourceArg(name = "service", value = "backfill-orchestrator"))
class DeadlineSignalsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String PGS = "PlayerGameSummaryProcessor";
    private static final String PDC = "PlayerDailyCacheProcessor";

    @Inject
    ScenarioClock clock;
    @Inject
    Topology topology;
    @Inject
    StateStore store;
    @Inject
    PushStats stats;

    private Event<DeadlineAtRisk> atRisk(LocalDate date, RunKey critical, String correlationId) {
        Instant now = clock.instant();
        Instant deadline = now.plus(Duration.ofHours(3));
        DeadlineAtRisk payload = new DeadlineAtRisk(date, List.of(new DeadlineAtRisk.Game(date + "_TOR_POR",
                deadline.plusSeconds(1800))), "predictions", new DeadlineAtRisk.Landing(deadline.plusSeconds(600),
                deadline.plusSeconds(3000)), deadline, 1800, new DeadlineAtRisk.CriticalRun(critical.processor(),
                critical.dataDate(), RunState.FAILED, "pdc-1", null), DeadlineAtRisk.Cause.WAITING_ON_UPSTREAM,
                "PDC failed: the landing waits on its re-run", List.of(new DeadlineAtRisk.PathStep(critical.processor(),
                        critical.dataDate(), RunState.FAILED, deadline, deadline.plusSeconds(1200))),
                Severity.WARNING, now);
        return Event.of("//rebound/coverage-monitor", now, payload, correlationId);
    }

    private List<Row> margins(LocalDate date) {
        return store.query(Sql.of("SELECT episode, margin_s, cleared_at FROM deadline_margins WHERE game_date = @d")
                .bind("d", date));
    }

    @Test
    void aWarnedFailedRunIsReRunOnceHoweverOftenTheWarningArrivesAndItsRecoveryClearsTheMargin() {
        PubSubTestClient client = PubSubEmulatorResource.client();
        ProcessorPlayer player = new ProcessorPlayer(client, clock, topology);
        LocalDate date = LocalDate.of(2025, 9, 1);
        RunKey cache = new RunKey(PDC, date);
        player.complete(new RunKey(PGS, date.minusDays(1)), null);
        await().atMost(DEADLINE).until(() -> !store.query(Sql.of("SELECT 1 FROM observed_runs WHERE processor = @p"
                + " AND data_date = @d AND completed_at IS NOT NULL").bind("p", PGS).bind("d", date.minusDays(1)))
                .isEmpty());

        String episode = "deadline:" + date + ":1";
        Event<DeadlineAtRisk> warning = atRisk(date, cache, episode);
        client.publish(warning);
        List<Event<ProcessorTrigger>> triggers = await().atMost(DEADLINE)
                .until(() -> player.triggersFor(cache), t -> !t.isEmpty());
        assertThat(triggers.get(0).data().reason()).isEqualTo("backfill: deadline at risk (waiting_on_upstream)");
        assertThat(triggers.get(0).attributes().correlationId()).isEqualTo(episode);

        // redelivered with its ce-id, and re-published by a replaying producer with a fresh one
        long duplicatesBefore = stats.get(PushStats.Outcome.duplicate);
        long processedBefore = stats.get(PushStats.Outcome.processed);
        client.publish(warning);
        client.publish(Event.of("//rebound/coverage-monitor", warning.attributes().time(), warning.data(),
                episode));
        await().atMost(DEADLINE).until(() -> stats.get(PushStats.Outcome.duplicate) > duplicatesBefore
                && stats.get(PushStats.Outcome.processed) > processedBefore);
        assertThat(player.triggersFor(cache)).hasSize(1);
        assertThat(margins(date)).singleElement().satisfies(r -> {
            assertThat(r.getInt("episode")).isEqualTo(1);
            // the deciding landing: a quarter of the way from the expected (+10 min) to the p95 (+50 min)
            assertThat(r.getLong("margin_s")).isEqualTo(-1200L);
            assertThat(r.getInstant("cleared_at")).isNull();
        });

        Instant now = clock.instant();
        client.publish(Event.of("//rebound/coverage-monitor", now, new DeadlineRecovered(date,
                DeadlineRecovered.Outcome.ON_TRACK, "predictions", new DeadlineAtRisk.Landing(now, now), null,
                warning.data().deadline(), now), episode));
        await().atMost(DEADLINE).until(() -> margins(date).get(0).getInstant("cleared_at") != null);
    }

    @Test
    void aWarningWhoseCorrelationIdIsNotItsDatesDeadlineEpisodeIsQuarantinedWithTheReason() {
        PubSubTestClient client = PubSubEmulatorResource.client();
        LocalDate date = LocalDate.of(2025, 9, 8);
        Event<DeadlineAtRisk> warning = atRisk(date, new RunKey(PDC, date), "some-other-chain");
        client.publish(warning);
        ReceivedMessage quarantined = await().atMost(DEADLINE).until(() -> client.received(Topics.QUARANTINE,
                a -> warning.id().equals(a.get("original_ce-id"))), m -> !m.isEmpty()).get(0);
        assertThat(quarantined.getMessage().getAttributesMap().get("quarantine_reason"))
                .contains("correlation_id some-other-chain is not deadline:" + date + ":<episode>");
        assertThat(margins(date)).isEmpty();
    }
}
