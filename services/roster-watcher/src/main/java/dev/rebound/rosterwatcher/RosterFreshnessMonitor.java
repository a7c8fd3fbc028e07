package dev.rebound.rosterwatcher;

import dev.rebound.events.Event;
import dev.rebound.events.EventIds;
import dev.rebound.events.EventPayload;
import dev.rebound.events.internal.RosterRecovered;
import dev.rebound.events.v1.RosterStale;
import dev.rebound.rosterwatcher.config.RosterWatcherConfig;
import dev.rebound.rosterwatcher.store.RosterTable;
import dev.rebound.rosterwatcher.store.RosterVerdictStore.StoredVerdict;
import dev.rebound.rosterwatcher.store.RosterVerdictStore.Verdict;
import dev.rebound.rosterwatcher.store.RosterVerdictStore;
import dev.rebound.runtime.clock.ScenarioClock;
import dev.rebound.runtime.outbox.Outbox;
import dev.rebound.runtime.pipeline.PipelineConfig;
import dev.rebound.runtime.pipeline.Topology;
import dev.rebound.runtime.pubsub.EventPublisher;
import dev.rebound.runtime.store.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The roster freshness check (the seed's roster_coverage_monitor.py, run by Rebound): the latest roster per
 * expected team against the maximum age, as of the scenario clock's date. A stale verdict publishes
 * {@code pipeline.roster.stale.v1}; the first all-fresh verdict after it publishes {@code pipeline.roster.recovered.v1}.
 * The last verdict is persisted, so the same verdict on the same data is never published twice in a row, across
 * restarts, instances and whichever trigger (timer, Cloud Scheduler, roster processor completion) ran the check: a
 * check locks its verdict row before it reads the rosters, and the new verdict commits with its event's outbox row.
 */
@ApplicationScoped
public class RosterFreshnessMonitor {
    private static final Logger LOG = Logger.getLogger(RosterFreshnessMonitor.class);

    /** What a check found and what it published. */
    public record CheckResult(String check, Instant checkedAt, RosterCoverage coverage, Published published,
            String correlationId) {
    }

    public enum Published {
        /** A stale verdict on new data. */
        stale,
        /** All fresh after a stale verdict. */
        recovered,
        /** The verdict is the one already published (or fresh with nothing to recover from). */
        nothing
    }

    private final PipelineConfig.Rosters rosters;
    private final RosterTable rosterTable;
    private final RosterVerdictStore verdicts;
    private final StateStore store;
    private final Outbox outbox;
    private final String source;
    private final ScenarioClock clock;
    private final RosterWatcherConfig config;

    public RosterFreshnessMonitor(Topology topology, RosterTable rosterTable, RosterVerdictStore verdicts,
            StateStore store, Outbox outbox, EventPublisher publisher, ScenarioClock clock,
            RosterWatcherConfig config) {
        this.rosters = topology.config().rosters();
        this.rosterTable = rosterTable;
        this.verdicts = verdicts;
        this.store = store;
        this.outbox = outbox;
        this.source = publisher.source();
        this.clock = clock;
        this.config = config;
    }

    public PipelineConfig.Rosters rosters() {
        return rosters;
    }

    /** Coverage as of now, without publishing anything (the operator's report). */
    public RosterCoverage coverage() {
        return coverageAsOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    private RosterCoverage coverageAsOf(LocalDate asOf) {
        Map<String, LocalDate> latest = rosterTable.latestPerTeam(asOf.minusDays(config.freshness().lookbackDays()),
                asOf);
        return RosterCoverage.evaluate(rosters.teams(), latest, asOf, rosters.maxAgeDays());
    }

    /**
     * Runs the check and publishes a changed verdict, in one transaction. The rosters are read while the check's
     * verdict row is locked, so overlapping checks (triggers, instances) decide one after the other, each on data
     * read after the previous decision committed.
     */
    public CheckResult check() {
        return store.inTransaction(() -> {
            String check = rosters.check();
            Optional<StoredVerdict> last = verdicts.lastForUpdate(check);
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            RosterCoverage coverage = coverageAsOf(today);
            String fingerprint = coverage.fingerprint();
            // the id names the transition (previous verdict → this one), whichever instance makes it
            String previous = last.map(v -> v.fingerprint() + "@" + v.checkedAt()).orElse("none");
            String eventId = EventIds.of("roster-verdict", check, fingerprint, previous);

            if (!coverage.allFresh()) {
                if (last.isPresent() && last.get().verdict() == Verdict.stale
                        && last.get().fingerprint().equals(fingerprint)) {
                    return new CheckResult(check, now, coverage, Published.nothing, last.get().correlationId());
                }
                String correlationId = "stale:" + check + ":" + today;
                RosterStale alert = new RosterStale(now, rosters.maxAgeDays(), rosters.teams().size(),
                        coverage.stale().stream().map(t -> new RosterStale.StaleTeam(t.team(), t.latestRosterDate(),
                                t.ageDays())).toList(),
                        coverage.missing(), rosters.severity(), check);
                if (!decide(last, new StoredVerdict(check, Verdict.stale, fingerprint, now, alert.stale().size(),
                        alert.missing().size(), correlationId, eventId), alert)) {
                    return new CheckResult(check, now, coverage, Published.nothing, null);
                }
                store.afterCommit(() -> LOG.warnf("Rosters stale (%s): %d stale %s, %d missing %s", check,
                        alert.stale().size(), alert.stale().stream().map(RosterStale.StaleTeam::teamAbbr).toList(),
                        alert.missing().size(), alert.missing()));
                return new CheckResult(check, now, coverage, Published.stale, correlationId);
            }

            if (last.isPresent() && last.get().verdict() == Verdict.stale) {
                // the recovery carries the stale alert's correlation id: it closes that alert
                String correlationId = last.get().correlationId();
                RosterRecovered recovered = new RosterRecovered(now, rosters.maxAgeDays(), rosters.teams().size(),
                        coverage.freshCount(), check);
                if (!decide(last, new StoredVerdict(check, Verdict.fresh, fingerprint, now, 0, 0, correlationId,
                        eventId), recovered)) {
                    return new CheckResult(check, now, coverage, Published.nothing, correlationId);
                }
                store.afterCommit(() -> LOG.infof("Rosters recovered (%s): all %d teams fresh", check,
                        coverage.freshCount()));
                return new CheckResult(check, now, coverage, Published.recovered, correlationId);
            }
            if (last.isEmpty()) {
                verdicts.save(last, new StoredVerdict(check, Verdict.fresh, fingerprint, now, 0, 0, null, null));
            }
            return new CheckResult(check, now, coverage, Published.nothing, null);
        });
    }

    /**
     * Saves the verdict and queues its event; false when another check saved the first verdict of this check
     * meanwhile (it decided; this one publishes nothing), or when this very transition was queued before (its
     * ce-id is in the outbox: it was published then). Events of one check keep their order (stale, then
     * recovered) through the outbox's ordering key.
     */
    private boolean decide(Optional<StoredVerdict> last, StoredVerdict verdict, EventPayload payload) {
        if (!verdicts.save(last, verdict)) {
            return false;
        }
        return outbox.add(Event.of(verdict.eventId(), source, verdict.checkedAt(), payload, verdict.correlationId(),
                Map.of()), "roster-freshness:" + verdict.check());
    }
}
