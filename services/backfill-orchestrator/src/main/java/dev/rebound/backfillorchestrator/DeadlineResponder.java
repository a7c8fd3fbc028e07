package dev.rebound.backfillorchestrator;

import dev.rebound.events.v1.DeadlineAtRisk;
import dev.rebound.runtime.pipeline.Topology.RunKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The orchestrator's answer to the deadline forecast (coverage-monitor's {@code pipeline.deadline.at_risk.v1} and
 * {@code recovered.v1}), each one decision like every other signal: an at-risk date's margin is kept in the store and
 * orders the work from then on (smallest margin first, {@link PlanAdvancer}); when the run holding the date back is
 * not running, its repair is planned now ({@link EarlyRepair}); a recovery clears the margin. A redelivery, or an
 * announcement of an episode that has already recovered, changes nothing.
 */
public final class DeadlineResponder {
    private final RepairStateStore store;
    private final EarlyRepair earlyRepair;
    private final PlanAdvancer advancer;

    DeadlineResponder(RepairStateStore store, EarlyRepair earlyRepair, PlanAdvancer advancer) {
        this.store = store;
        this.earlyRepair = earlyRepair;
        this.advancer = advancer;
    }

    /** A game date at risk: keep its margin, start the critical run's repair if it is not running, move plans on. */
    public void atRisk(DeadlineMargin margin, RunKey criticalRun, DeadlineAtRisk.RunState state,
            DeadlineAtRisk.Cause cause, String detail) {
        // the store keeps microseconds: a redelivery must compare equal to what was kept
        DeadlineMargin kept = new DeadlineMargin(margin.gameDate(), margin.episode(), margin.correlationId(),
                micros(margin.deadline()), micros(margin.landingAt()), margin.cause(), micros(margin.detectedAt()));
        RepairBook.decide(store, book -> {
            if (store.recordMargin(kept)) {
                book.marginsChanged();
                earlyRepair.consider(book, criticalRun, state, cause, detail, kept.correlationId());
                advancer.advance(book);
            }
            return null;
        });
    }

    /** The date's at-risk episode recovered: its margin orders nothing any more. */
    public void recovered(LocalDate gameDate, int episode, String correlationId, Instant recoveredAt) {
        RepairBook.decide(store, book -> {
            if (store.clearMargin(gameDate, episode, correlationId, micros(recoveredAt))) {
                book.marginsChanged();
                advancer.advance(book);
            }
            return null;
        });
    }

    private static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }
}
