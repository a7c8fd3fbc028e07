package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rebound.events.codec.EncodedMessage;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.codec.EventValidationException;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.ProcessorHeartbeat;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The deadline forecast's pair: typed decoding, a built event's round trip, and the bounds of their schemas. */
class DeadlineEventsTest {
    private static final LocalDate JAN_23 = LocalDate.of(2026, 1, 23);
    private final EventCodec codec = new EventCodec();
    private final Fixtures.Fixture atRisk = Fixtures.v1("pipeline.deadline.at_risk.v1");
    private final Fixtures.Fixture recovered = Fixtures.v1("pipeline.deadline.recovered.v1");

    private static void assertViolation(ThrowingCallable call, String path, String reasonFragment) {
        assertThatThrownBy(call)
                .isInstanceOf(EventValidationException.class)
                .satisfies(e -> assertThat(((EventValidationException) e).violations())
                        .anySatisfy(v -> {
                            assertThat(v.path()).isEqualTo(path);
                            assertThat(v.reason()).contains(reasonFragment);
                        }));
    }

    private static Fixtures.Fixture copy(Fixtures.Fixture f) {
        return new Fixtures.Fixture(f.attributes(), f.data().deepCopy());
    }

    private void decode(Fixtures.Fixture f) {
        codec.decode(f.dataBytes(), f.attributes());
    }

    @Test
    void theAtRiskFixtureDecodesToTypedFields() {
        Event<?> event = codec.decode(atRisk.dataBytes(), atRisk.attributes());

        DeadlineAtRisk data = (DeadlineAtRisk) event.data();
        assertThat(data.gameDate()).isEqualTo(JAN_23);
        assertThat(data.games()).extracting(DeadlineAtRisk.Game::gameId)
                .containsExactly("20260123_HOU_DET", "20260123_SAC_CLE");
        assertThat(data.predictedLanding().p95()).isEqualTo(Instant.parse("2026-01-24T00:05:00Z"));
        assertThat(data.criticalRun().state()).isEqualTo(DeadlineAtRisk.RunState.RUNNING);
        assertThat(data.criticalRun().progress()).isEqualTo(new ProcessorHeartbeat.Progress(120, 900));
        assertThat(data.cause()).isEqualTo(DeadlineAtRisk.Cause.SLOW_PROGRESS);
        assertThat(data.criticalPath()).extracting(DeadlineAtRisk.PathStep::state)
                .containsExactly(DeadlineAtRisk.RunState.RUNNING, DeadlineAtRisk.RunState.NOT_STARTED);
        assertThat(data.severity()).isEqualTo(Severity.WARNING);
        assertThat(event.attributes().correlationId()).isEqualTo("deadline:2026-01-23:1");
    }

    @Test
    void aBuiltAtRiskEventSurvivesEncodeAndDecodeUnchanged() {
        Instant now = Instant.parse("2026-01-23T21:00:00Z");
        DeadlineAtRisk sent = new DeadlineAtRisk(JAN_23,
                List.of(new DeadlineAtRisk.Game("g1", Instant.parse("2026-01-24T00:00:00Z"))), "predictions",
                new DeadlineAtRisk.Landing(Instant.parse("2026-01-24T00:10:00Z"), Instant.parse("2026-01-24T01:00:00Z")),
                Instant.parse("2026-01-23T23:30:00Z"), 1800,
                new DeadlineAtRisk.CriticalRun("Loader", JAN_23.minusDays(1), DeadlineAtRisk.RunState.STUCK, "r-9", null),
                DeadlineAtRisk.Cause.WAITING_ON_UPSTREAM, "Loader(2026-01-22) stuck: re-run needed",
                List.of(new DeadlineAtRisk.PathStep("Loader", JAN_23.minusDays(1), DeadlineAtRisk.RunState.STUCK,
                        Instant.parse("2026-01-23T22:00:00Z"), Instant.parse("2026-01-23T22:40:00Z"))),
                Severity.CRITICAL, now);

        EncodedMessage encoded = codec.encode(Event.of("//rebound/test", now, sent, "deadline:2026-01-23:2"));
        Event<?> back = codec.decode(encoded.data(), encoded.attributes());

        assertThat(back.data()).isEqualTo(sent);
        assertThat(back.attributes().correlationId()).isEqualTo("deadline:2026-01-23:2");
    }

    @Test
    void aLandedRecoveryCarriesItsLandingTime() {
        Instant landed = Instant.parse("2026-01-23T23:50:00Z");
        DeadlineRecovered sent = new DeadlineRecovered(JAN_23, DeadlineRecovered.Outcome.LANDED, "predictions", null,
                landed, Instant.parse("2026-01-24T00:30:00Z"), landed);

        EncodedMessage encoded = codec.encode(Event.of("//rebound/test", landed, sent, null));

        assertThat(codec.decode(encoded.data(), encoded.attributes()).data()).isEqualTo(sent);
        assertThat(new String(encoded.data(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"outcome\":\"landed\"").doesNotContain("predicted_landing");
    }

    @Test
    void anAtRiskEventNamesAtLeastOneGame() {
        Fixtures.Fixture f = copy(atRisk);
        f.data().putArray("games");
        assertViolation(() -> decode(f), "data.games", "1");
    }

    @Test
    void processorNamesAreCappedAt128Characters() {
        Fixtures.Fixture f = copy(atRisk);
        ((ObjectNode) f.data().get("critical_run")).put("processor", "P".repeat(129));
        assertViolation(() -> decode(f), "data.critical_run.processor", "128");
        ((ObjectNode) f.data().get("critical_run")).put("processor", "P".repeat(128));
        decode(f);
    }

    @Test
    void idsAreCappedAt256Characters() {
        Fixtures.Fixture f = copy(atRisk);
        ((ObjectNode) f.data().get("games").get(1)).put("game_id", "g".repeat(257));
        assertViolation(() -> decode(f), "data.games[1].game_id", "256");
    }

    @Test
    void theDetailIsCapped() {
        Fixtures.Fixture f = copy(atRisk);
        f.data().put("detail", "x".repeat(8193));
        assertViolation(() -> decode(f), "data.detail", "at most");
    }

    @Test
    void theCauseIsOneOfThree() {
        Fixtures.Fixture f = copy(atRisk);
        f.data().put("cause", "bad_luck");
        assertViolation(() -> decode(f), "data.cause", "enum");
    }

    @Test
    void anOnTrackRecoveryNeedsItsForecast() {
        Fixtures.Fixture f = copy(recovered);
        f.data().remove("predicted_landing");
        assertViolation(() -> decode(f), "data.predicted_landing", "is required");
    }

    @Test
    void aLandedRecoveryNeedsItsLandingTime() {
        Fixtures.Fixture f = copy(recovered);
        f.data().put("outcome", "landed");
        assertViolation(() -> decode(f), "data.landed_at", "is required");
    }
}
