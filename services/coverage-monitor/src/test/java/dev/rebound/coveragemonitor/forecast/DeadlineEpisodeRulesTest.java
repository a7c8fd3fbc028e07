package dev.rebound.coveragemonitor.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.coveragemonitor.forecast.DeadlineEpisode.EpisodeStatus;
import dev.rebound.events.Event;
import dev.rebound.events.Severity;
import dev.rebound.events.codec.EventCodec;
import dev.rebound.events.internal.DeadlineRecovered;
import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.events.v1.DeadlineAtRisk.Cause;
import dev.rebound.events.v1.DeadlineAtRisk.RunState;
import dev.rebound.runtime.pipeline.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The episode rules, fed forecasts of one date (one game, tip-off 00:00, deadline 23:30) every 5 minutes. Settings:
 * at risk below a 0 margin, critical below 0 for the expected landing, recover above 15 min, confirm for 10 min.
 */
class DeadlineEpisodeRulesTest {
    private static final LocalDate D = LocalDate.of(2026, 3, 10);
    private static final Instant TIPOFF = Instant.parse("2026-03-11T00:00:00Z");
    private static final Instant DEADLINE = Instant.parse("2026-03-10T23:30:00Z");
    private static final PipelineConfig.Forecast SETTINGS = ThreeStagePipeline.PIPELINE.config().forecast();
    private static final EventCodec CODEC = new EventCodec();

    private DeadlineEpisode episode = DeadlineEpisode.none(D);
    private Instant now = Instant.parse("2026-03-10T18:00:00Z");
    private final List<Announcement> published = new ArrayList<>();

    /**
     * A forecast whose landings are given as margins (minutes before the deadline; negative: after it); the test
     * pipeline decides at risk on the p95 landing.
     */
    private DateForecast forecast(long expectedMargin, long p95Margin, Cause cause, String processor) {
        return forecast(expectedMargin, p95Margin, cause, processor, true);
    }

    private DateForecast forecast(long expectedMargin, long p95Margin, Cause cause, String processor,
            boolean behind) {
        DeadlineAtRisk.Landing landing = new DeadlineAtRisk.Landing(DEADLINE.minusSeconds(expectedMargin * 60),
                DEADLINE.minusSeconds(p95Margin * 60));
        DateForecast.GameVerdict game = new DateForecast.GameVerdict("g1", TIPOFF, DEADLINE, !now.isBefore(TIPOFF),
                Duration.ofMinutes(expectedMargin), Duration.ofMinutes(p95Margin), Duration.ofMinutes(p95Margin));
        RunState state = switch (cause) {
            case SLOW_PROGRESS -> RunState.RUNNING;
            case NOT_STARTED -> RunState.NOT_STARTED;
            case WAITING_ON_UPSTREAM -> RunState.FAILED;
        };
        return new DateForecast(D, now, "published", null, landing, List.of(game),
                List.of(new DeadlineAtRisk.PathStep(processor, D, state, landing.expected(), landing.p95())),
                new DeadlineAtRisk.CriticalRun(processor, D, state, null, null), cause, processor + " is late", behind);
    }

    private DateForecast landed(Instant at) {
        DateForecast.GameVerdict game = new DateForecast.GameVerdict("g1", TIPOFF, DEADLINE, !now.isBefore(TIPOFF),
                Duration.between(at, DEADLINE), Duration.between(at, DEADLINE), Duration.between(at, DEADLINE));
        return new DateForecast(D, now, "published", at, new DeadlineAtRisk.Landing(at, at), List.of(game), List.of(),
                null, null, null, false);
    }

    /** Applies one forecast, then moves the clock on by one evaluation period; returns what it announced. */
    private List<Announcement> evaluate(DateForecast f) {
        DeadlineEpisodeRules.Step step = DeadlineEpisodeRules.decide(episode, f, SETTINGS);
        episode = step.episode();
        published.addAll(step.announcements());
        step.announcements().forEach(a -> CODEC.encode(Event.of(a.eventId(), "//rebound/test", now, a.payload(),
                a.correlationId(), java.util.Map.of())));
        now = now.plus(Duration.ofMinutes(5));
        return step.announcements();
    }

    private List<Announcement> slow(long expectedMargin, long p95Margin) {
        return evaluate(forecast(expectedMargin, p95Margin, Cause.SLOW_PROGRESS, "Transform"));
    }

    @Test
    void atRiskIsAnnouncedOnceItHasHeldForTheConfirmationTimeThenNotAgain() {
        assertThat(slow(20, -10)).isEmpty();
        assertThat(slow(20, -10)).isEmpty();
        List<Announcement> raised = slow(20, -10);
        for (int i = 0; i < 6; i++) {
            assertThat(slow(15, -12)).isEmpty();
        }

        assertThat(raised).hasSize(1);
        Announcement a = raised.get(0);
        assertThat(a.eventId()).isEqualTo("deadline/2026-03-10/1/at-risk/slow_progress:Transform:2026-03-10/warning");
        assertThat(a.correlationId()).isEqualTo("deadline:2026-03-10:1");
        DeadlineAtRisk payload = (DeadlineAtRisk) a.payload();
        assertThat(payload.severity()).isEqualTo(Severity.WARNING);
        assertThat(payload.deadline()).isEqualTo(DEADLINE);
        assertThat(payload.safetyMarginS()).isEqualTo(1800);
        assertThat(payload.games()).extracting(DeadlineAtRisk.Game::gameId).containsExactly("g1");
        assertThat(payload.cause()).isEqualTo(Cause.SLOW_PROGRESS);
        assertThat(episode.status()).isEqualTo(EpisodeStatus.AT_RISK);
    }

    @Test
    void aForecastThatFlickersAcrossTheThresholdNeverPages() {
        for (int i = 0; i < 20; i++) {
            slow(20, i % 2 == 0 ? -5 : 5);
        }
        assertThat(published).isEmpty();
        assertThat(episode.status()).isEqualTo(EpisodeStatus.QUIET);
    }

    @Test
    void theSeverityRisesOnceWhenEvenTheExpectedLandingMissesTheDeadline() {
        slow(20, -10);
        slow(20, -10);
        slow(20, -10);
        assertThat(slow(-5, -30)).isEmpty();
        assertThat(slow(-5, -30)).isEmpty();
        List<Announcement> escalated = slow(-6, -31);
        slow(-8, -40);
        slow(5, -20);

        assertThat(escalated).extracting(Announcement::eventId)
                .containsExactly("deadline/2026-03-10/1/at-risk/slow_progress:Transform:2026-03-10/critical");
        assertThat(((DeadlineAtRisk) escalated.get(0).payload()).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(published).hasSize(2);
        assertThat(episode.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void eachNewCauseIsAnnouncedOnceInAnEpisode() {
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }
        for (int i = 0; i < 3; i++) {
            evaluate(forecast(20, -10, Cause.NOT_STARTED, "Publish"));
        }
        for (int i = 0; i < 4; i++) {
            slow(20, -10);
            evaluate(forecast(20, -10, Cause.NOT_STARTED, "Publish"));
        }

        assertThat(published).extracting(Announcement::eventId).containsExactly(
                "deadline/2026-03-10/1/at-risk/slow_progress:Transform:2026-03-10/warning",
                "deadline/2026-03-10/1/at-risk/not_started:Publish:2026-03-10/warning");
        assertThat(published).extracting(Announcement::correlationId).containsOnly("deadline:2026-03-10:1");
    }

    @Test
    void aRunOnPaceAfterLateOnesIsNotANewCause() {
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }
        for (int i = 0; i < 6; i++) {
            evaluate(forecast(20, -10, Cause.SLOW_PROGRESS, "Publish", false));
        }

        assertThat(published).extracting(Announcement::eventId)
                .containsExactly("deadline/2026-03-10/1/at-risk/slow_progress:Transform:2026-03-10/warning");
    }

    @Test
    void aCauseThatLastsOneEvaluationIsNotAnnounced() {
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }
        evaluate(forecast(20, -10, Cause.NOT_STARTED, "Publish"));
        slow(20, -10);
        slow(20, -10);
        slow(20, -10);

        assertThat(published).hasSize(1);
    }

    @Test
    void recoveryNeedsTheMarginBackAboveTheBandForTheConfirmationTime() {
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(slow(30, 10)).as("safe, but inside the band").isEmpty();
        }
        slow(40, 20);
        slow(40, 20);
        List<Announcement> recovered = slow(40, 20);

        assertThat(recovered).extracting(Announcement::eventId).containsExactly("deadline/2026-03-10/1/recovered");
        DeadlineRecovered payload = (DeadlineRecovered) recovered.get(0).payload();
        assertThat(payload.outcome()).isEqualTo(DeadlineRecovered.Outcome.ON_TRACK);
        assertThat(payload.predictedLanding().p95()).isEqualTo(DEADLINE.minusSeconds(20 * 60));
        assertThat(payload.deadline()).isEqualTo(DEADLINE);
        assertThat(recovered.get(0).correlationId()).isEqualTo("deadline:2026-03-10:1");
        assertThat(episode.status()).isEqualTo(EpisodeStatus.QUIET);
    }

    @Test
    void aDateAtRiskAgainAfterRecoveringIsANewEpisode() {
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }
        for (int i = 0; i < 3; i++) {
            slow(40, 20);
        }
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }

        assertThat(published).extracting(Announcement::eventId).containsExactly(
                "deadline/2026-03-10/1/at-risk/slow_progress:Transform:2026-03-10/warning",
                "deadline/2026-03-10/1/recovered",
                "deadline/2026-03-10/2/at-risk/slow_progress:Transform:2026-03-10/warning");
        assertThat(published.get(2).correlationId()).isEqualTo("deadline:2026-03-10:2");
    }

    @Test
    void landingClosesAnOpenEpisodeAtOnce() {
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }
        Instant landedAt = now.minusSeconds(60);
        List<Announcement> closed = evaluate(landed(landedAt));

        assertThat(closed).hasSize(1);
        DeadlineRecovered payload = (DeadlineRecovered) closed.get(0).payload();
        assertThat(payload.outcome()).isEqualTo(DeadlineRecovered.Outcome.LANDED);
        assertThat(payload.landedAt()).isEqualTo(landedAt);
        assertThat(evaluate(landed(landedAt))).isEmpty();
    }

    @Test
    void aLandingWithoutAnEpisodeSaysNothing() {
        assertThat(evaluate(landed(now))).isEmpty();
        assertThat(episode.seq()).isZero();
    }

    @Test
    void gamesStartingWhileAtRiskCloseTheEpisodeSilently() {
        for (int i = 0; i < 3; i++) {
            slow(20, -10);
        }
        now = TIPOFF;
        assertThat(slow(-30, -60)).isEmpty();

        assertThat(episode.status()).isEqualTo(EpisodeStatus.EXPIRED);
        assertThat(slow(-30, -60)).isEmpty();
    }

    @Test
    void theSameDecisionFromTheSameStateGivesTheSameIds() {
        for (int i = 0; i < 2; i++) {
            slow(20, -10);
        }
        DeadlineEpisode before = episode;
        DateForecast f = forecast(20, -10, Cause.SLOW_PROGRESS, "Transform");

        List<Announcement> first = DeadlineEpisodeRules.decide(before, f, SETTINGS).announcements();
        List<Announcement> again = DeadlineEpisodeRules.decide(before, f, SETTINGS).announcements();

        assertThat(first).hasSize(1);
        assertThat(again).isEqualTo(first);
    }
}
